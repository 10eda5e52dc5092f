"""A fictional content set, for tests that need known people: search ranking, a given story's page, ordering.

Every person here is invented for the tests and says so: "(fictional)" in every English name and role, 「（架空）」
in every Japanese one, and a source that is itself a fictional newsletter. The real alumni in `stories/` are
never put into an invented situation, and tests about them iterate over what the catalog holds at run time.

The set is made to exercise what real content meets: katakana names written with 「・」 (one with three parts),
Japanese compound words (在名古屋カンボジア名誉領事館, 水産資源管理), several stories per country and per track, two
stories in one batch, and English words in more than one form (negotiation / negotiations, trained / training).
For search (tests/test_search_battery.py, Pagefind issue 1237), compounds the browser keeps whole and the index
splits (外交官, 領事館, 報告書, 新幹線, 外務省), each beside a decoy on another page that holds only a part of it
(外交研修, 領事業務, 報告会, 新千歳空港, 外務大臣).

`fictional_project(dest)` writes a copy of the project whose `stories/` hold only these people; conftest.py's
session fixtures build it once per test session (once per xdist worker), into pytest's temporary folders.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml

SOURCE_KEY = "fictional-newsletter"
SOURCE = {  # added to the copy's data/sources.yml only: the real file never names it
    "title": {"en": "Fictional Alumni Newsletter (test fixture)", "ja": "架空の修了生ニュースレター（テスト用）"},
    "publisher": {"en": "Test suite (fictional)", "ja": "テストスイート（架空）"},
    "date": dt.date(2020, 1, 15),
    "url": "https://fictional-newsletter.example/alumni/",
}
LATER_SOURCE_KEY = "fictional-newsletter-2022"
LATER_SOURCE = {**copy.deepcopy(SOURCE), "title": {"en": "Fictional Alumni Newsletter, 2022 issue (test fixture)",
                                    "ja": "架空の修了生ニュースレター 2022年号（テスト用）"},
                "date": dt.date(2022, 3, 1), "url": "https://fictional-newsletter.example/alumni/2022/"}
PUBLISHED = "2020-01-15"
REVIEWED = "2022-03-01"  # when each fictional story was last checked against its (fictional) source
# One person has a later sourced role, so the dated role history has something to show.
LATER_ROLES = {"keomanivong-sisouphan": {"en": "Fictional Director-General of Examples, Lao PDR",
                                         "ja": "架空のラオス例示総局長", "as_of": "2022-03-01"}}


def _person(slug, en_name, ja_name, country, track, batch, start, end, en_role, ja_role, en_body, ja_body,
            en_quote, ja_quote, en_ministry=None, ja_ministry=None, honorific=("Ms.", "氏")):
    return {"slug": slug, "en_name": en_name, "ja_name": ja_name, "country": country, "track": track,
            "batch": batch, "period": {"start": start, "end": end}, "en_role": en_role, "ja_role": ja_role,
            "en_body": en_body, "ja_body": ja_body, "en_quote": en_quote, "ja_quote": ja_quote,
            "en_ministry": en_ministry, "ja_ministry": ja_ministry, "honorific": honorific}


# Written in the site's order (attachment period, then batch, then English name): tests state this order and the
# build must agree.
PEOPLE = [
    _person("keomanivong-sisouphan", "Keomanivong Sisouphan (fictional)", "ケオマニヴォン・シスパン（架空）",
            "lao-pdr", "mfa", 8, 2006, 2007,
            "Fictional Ambassador of the Lao PDR to the Kingdom of Examples",
            "架空の例示王国駐在ラオス大使",
            "During the attachment the fictional diplomat improved her English and built a network of "
            "counterparts across the region.\n\n## Human resources\n\nBack home she led a programme of human "
            "resource development for young staff of the fictional ministry.\n",
            "架空の外交官である彼女は、アタッチメント期間中に英語力を磨き、地域の同僚との人脈を築きました。\n\n"
            "## 人材育成\n\n帰国後は、架空の省の若手職員のための人材育成プログラムを率いました。\n",
            "This fictional quote says the attachment changed her career.",
            "この架空の言葉は、アタッチメントが彼女の歩みを変えたと語ります",
            en_ministry="Fictional Ministry of Foreign Affairs of the Lao PDR",
            ja_ministry="架空のラオス外務省"),
    _person("bopharith-kalliyan", "Bopharith Kalliyan (fictional)", "ボパリット・カリヤン（架空）",
            "cambodia", "mfa", 9, 2007, 2008,
            "Fictional Honorary Consul, Honorary Consulate of Cambodia in Nagoya",
            "架空の在名古屋カンボジア名誉領事館 名誉領事",
            "This fictional officer now serves at the consulate in Nagoya, where he keeps the archives of "
            "the fictional exchange programme in order.\n",
            "この架空の職員は、現在、在名古屋カンボジア名誉領事館に勤め、架空の交流事業の公文書管理を担っています。\n",
            "This fictional quote is about the archives of a consulate.",
            "この架空の言葉は、領事館の記録について語ります", honorific=("Mr.", "氏")),
    _person("nguyet-thanhlam", "Nguyet Thanhlam (fictional)", "グエット・タンラム（架空）",
            "viet-nam", "mfa", 13, 2014, 2015,
            "Fictional Deputy Director, Department of Examples, Viet Nam",
            "架空のベトナム例示局 副局長",
            "In the fictional department she trained colleagues in drafting regional reports, using what "
            "she had learned in diplomatic work at the Secretariat.\n",
            "架空の局で、彼女は事務局での経験を生かし、同僚に地域報告書の起草を指導しました。ハノイでの研修も担当しています。領事業務の研修も受けました。\n",
            "This fictional quote is about training colleagues.",
            "この架空の言葉は、同僚の研修について語ります"),
    _person("thiri-yadana-moe", "Thiri Yadana Moe (fictional)", "ティリ・ヤダナ・モー（架空）",
            "myanmar", "mfa", 13, 2014, 2015,
            "Fictional Counsellor for Trade Negotiations, Ministry of Examples, Myanmar",
            "架空のミャンマー例示省 通商交渉担当参事官",
            "The fictional counsellor prepares negotiations on trade in services, and says the attachment "
            "gave her confidence.\n",
            "架空の参事官はサービス貿易の交渉を準備しており、アタッチメントで自信がついたと話します。ヤンゴンでは外交研修の講師も務めています。\n",
            "This fictional quote is about negotiation.",
            "この架空の言葉は、交渉について語ります"),
    _person("sovanndy-ravuth", "Sovanndy Ravuth (fictional)", "ソヴァンディ・ラヴット（架空）",
            "cambodia", "esc", 2, 2015, 2016,
            "Fictional Head of Fisheries Resources, Ministry of Examples, Cambodia",
            "架空のカンボジア例示省 水産資源管理課長",
            "The fictional officer works on fisheries resources along the Mekong and was promoted after "
            "the attachment.\n",
            "架空の職員はメコン川の水産資源管理に取り組み、アタッチメントの後に課長に昇進しました。外務大臣の視察にも同行しました。\n",
            "This fictional quote is about fisheries.",
            "この架空の言葉は、漁業について語ります", honorific=("Mr.", "氏")),
    _person("daovieng-phommachak", "Daovieng Phommachak (fictional)", "ダオヴィエン・ポンマチャック（架空）",
            "lao-pdr", "esc", 3, 2016, 2017,
            "Fictional Director of Tourism Statistics, Ministry of Examples, Lao PDR",
            "架空のラオス例示省 観光統計局長",
            "The fictional director publishes tourism statistics and learned to read regional data at the "
            "Secretariat.\n",
            "架空の局長は観光統計を公表しており、事務局で地域のデータの読み方を学びました。北海道では新千歳空港の観光案内所も視察しました。\n",
            "This fictional quote is about statistics.",
            "この架空の言葉は、統計について語ります"),
    _person("nandar-khinezin", "Nandar Khinezin (fictional)", "ナンダー・キンゼイン（架空）",
            "myanmar", "esc", 3, 2016, 2017,
            "Fictional Assistant Director, Ministry of Examples, Myanmar",
            "架空のミャンマー例示省 課長補佐",
            "The fictional assistant director took part in a workshop in Singapore on disaster management.\n",
            "架空の課長補佐は、シンガポールで開かれた防災の研修会に参加しました。帰国後は新幹線で地方の防災拠点も訪ねています。\n",
            "This fictional quote is about a workshop.",
            "この架空の言葉は、研修会について語ります"),
    _person("bao-quyenxuan", "Bao Quyenxuan (fictional)", "バオ・クイェンスアン（架空）",
            "viet-nam", "mfa", 17, "2023-02", "2024-01",
            "Fictional Attaché, Ministry of Examples, Viet Nam",
            "架空のベトナム例示省 アタッシェ",
            "The fictional attaché was one of the most recent batch and writes about the ceremony in Jakarta.\n",
            "架空のアタッシェは最も新しい期の一人で、ジャカルタでの修了式について書いています。修了式の後には報告会で発表しました。\n",
            "This fictional quote is about the most recent batch.",
            "この架空の言葉は、最も新しい期について語ります", honorific=("Mr.", "氏")),
]
SLUGS = [p["slug"] for p in PEOPLE]


def person(slug: str) -> dict:
    return next(p for p in PEOPLE if p["slug"] == slug)


def _files(entry: dict) -> dict[str, str]:
    en = {
        "slug": entry["slug"], "name": entry["en_name"], "honorific": entry["honorific"][0],
        "country": entry["country"], "track": entry["track"], "batch": entry["batch"], "period": entry["period"],
        "ministry": entry["en_ministry"], "sources": [SOURCE_KEY],
        "current_role": {"title": entry["en_role"], "as_of": PUBLISHED, "source": SOURCE_KEY},
        **({"later_roles": [{"title": LATER_ROLES[entry["slug"]]["en"], "as_of": LATER_ROLES[entry["slug"]]["as_of"],
                             "source": LATER_SOURCE_KEY}]} if entry["slug"] in LATER_ROLES else {}),
        "portrait": {"alt": f"A placeholder for {entry['en_name']}", "caption": "No photograph (fictional person)",
                     "credit": "Test suite (fictional)"},
        "pull_quote": entry["en_quote"],
        "quotes": [{"text": entry["en_quote"], "provenance": "original", "source": SOURCE_KEY}],
        "takeaways": ["A fictional takeaway, made for tests."],
        "published": PUBLISHED, "reviewed": REVIEWED, "basis": {"source": SOURCE_KEY}, "author": "Test suite (fictional)",
    }
    ja = {
        "name": entry["ja_name"], "honorific": entry["honorific"][1], "ministry": entry["ja_ministry"],
        "current_role": {"title": entry["ja_role"]},
        **({"later_roles": [{"title": LATER_ROLES[entry["slug"]]["ja"]}]} if entry["slug"] in LATER_ROLES else {}),
        "portrait": {"alt": f"{entry['ja_name']}の写真の代わり", "caption": "写真なし（架空の人物）",
                     "credit": "テストスイート（架空）"},
        "pull_quote": entry["ja_quote"],
        "quotes": [{"text": entry["ja_quote"], "provenance": "translation", "source": SOURCE_KEY}],
        "takeaways": ["テスト用の架空の要点"], "author": "テストスイート（架空）",
    }

    def text(front, body):
        return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body

    return {f"{entry['slug']}.en.md": text(en, entry["en_body"]), f"{entry['slug']}.ja.md": text(ja, entry["ja_body"])}


def fictional_project(dest: Path) -> Path:
    """A copy of the project with only the fictional people in `stories/` (and their source in data/)."""
    from conftest import copy_project

    from alumni_stories.outputs.permalinks import write_manifest

    project = copy_project(dest, stories=False)
    sources = project / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n"
                       + yaml.safe_dump({SOURCE_KEY: SOURCE, LATER_SOURCE_KEY: LATER_SOURCE}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for entry in PEOPLE:
        for name, content in _files(entry).items():
            (project / "stories" / name).write_text(content, encoding="utf-8")
    write_manifest(project, [])
    return project


# --- Issue 26: fictional stories for the review and consent rules ---------------------------------------------

def consent_story_files(slug: str, reviewed: str, consent: str, consent_ends: str | None = None) -> dict[str, str]:
    """The two files of a fictional person whose story rests on their consent (given on `consent`, ending on
    `consent_ends` if set), last reviewed on `reviewed`. Invented for the tests, and marked so in every field."""
    en = {
        "slug": slug, "name": f"{slug.replace('-', ' ').title()} (fictional)", "honorific": "Ms.",
        "country": "cambodia", "track": "esc", "batch": 3, "period": {"start": 2016, "end": 2017},
        "ministry": "Fictional Ministry of Examples",
        "current_role": {"title": "Fictional Officer of Consent Tests", "as_of": reviewed},
        "portrait": {"alt": "No photograph (fictional person)", "caption": "No photograph (fictional person)",
                     "credit": "Test suite (fictional)"},
        "pull_quote": "This fictional person agreed to a fictional story for the tests.",
        "quotes": [{"text": "This fictional person agreed to a fictional story for the tests.",
                    "provenance": "original"}],
        "published": "2020-01-01", "reviewed": reviewed,
        "basis": {"consent": consent, **({"consent_ends": consent_ends} if consent_ends else {})},
        "author": "Test suite (fictional)",
    }
    ja = {
        "name": "架空の同意者（テスト用）", "honorific": "氏", "current_role": {"title": "架空の同意テスト担当官"},
        "portrait": {"alt": "写真なし（架空の人物）", "caption": "写真なし（架空の人物）", "credit": "テストスイート（架空）"},
        "pull_quote": "この架空の人物は、テストのための架空の記事に同意しました。",
        "quotes": [{"text": "この架空の人物は、テストのための架空の記事に同意しました。", "provenance": "translation"}],
        "author": "テストスイート（架空）",
    }

    def text(front, body):
        return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body

    return {f"{slug}.en.md": text(en, "A fictional body paragraph.\n"),
            f"{slug}.ja.md": text(ja, "架空の本文です。\n")}
