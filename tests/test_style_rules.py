"""The style sheet's rules that a machine can check (docs/guide/japanese-style.{ja,en}.md, the ✔ rows), run over
every text the site is made from: the stories (front matter and body), the texts in data/*.yml, the pages under
docs/, the templates (overrides/), the texts in the code (alumni_stories/: the UI's fallbacks, the new-profile
template), the schemas (the form's labels and hints) and the form's own scripts (cms/*.js: the preview's
words). Each rule is also run once on a sentence that breaks it, so that a rule that can no longer find anything
fails here rather than passing in silence.

Left out on purpose: the two style sheets (they quote the forms they forbid), and data/seed-corrections.md and
data/sources-research.md (research notes that quote the sources word for word, spelling included)."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from alumni_stories.outputs import cms
from alumni_stories.site import browse
from alumni_stories.site.views import load_site

STYLE_SHEETS = {"japanese-style.ja.md", "japanese-style.en.md"}


# --- The texts -----------------------------------------------------------------------------------------

def _values(value, language, under=False, skip_keys=()):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in skip_keys:
                continue
            yield from _values(item, language, under or key == language, skip_keys)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item, language, under, skip_keys)
    elif isinstance(value, str) and under:
        yield value


def _front_matter_and_body(path):
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def texts(language: str) -> dict[str, str]:
    """Every text in `language` that the site, its guide, its form or its tools show, by where it lives."""
    found = {}
    for path in sorted((ROOT / "stories").glob(f"*.{language}.md")):
        found[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").rglob(f"*.{language}.md")):
        if path.name not in STYLE_SHEETS:
            found[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "data").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # A source's title is the source's own (an English headline keeps its capitals, whatever the language key).
        skip = ("title",) if path.name == "sources.yml" else ()
        found[str(path.relative_to(ROOT))] = "\n".join(_values(data, language, skip_keys=skip))
    # Templates, code and schemas mix the languages: each is read whole, for both.
    for path in [*sorted((ROOT / "overrides").rglob("*.html")), *sorted((ROOT / "alumni_stories").rglob("*.py")),
                 *sorted((ROOT / "schema").glob("*.json")), *sorted((ROOT / "cms").glob("*.js"))]:
        found[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return found


def hits(pattern, language, allowed=lambda text, match: False):
    return [(name, match.group()) for name, text in texts(language).items()
            for match in re.finditer(pattern, text) if not allowed(text, match)]


def test_the_texts_are_all_there():
    ja, en = texts("ja"), texts("en")
    stories = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "stories").glob("*.ja.md"))
    assert stories and set(stories) <= set(ja)
    for name in ("data/strings.yml", "docs/guide/index.ja.md", "overrides/story.html",
                 "alumni_stories/cli/profiles.py", "schema/story.schema.json"):
        assert name in ja, name
    assert "docs/guide/japanese-style.ja.md" not in ja and "data/seed-corrections.md" not in en
    assert "ストーリー" in ja["data/strings.yml"] and "Key takeaways" in en["data/strings.yml"]
    assert "ASEAN Secretariat Hosts Attachment Officers" not in en["data/sources.yml"]  # a title: the source's own


# --- Quote endings -------------------------------------------------------------------------------------

QUOTE_ENDING_WITH_A_STOP = r"[。．][」』]"


def pull_quote_problems(quote: str) -> list[str]:
    problems = []
    if quote.endswith(("。", "．")):
        problems.append("ends in 。 (the site puts it in 「」, and the style sheet puts no 。 before 」)")
    if quote.startswith(("「", "『")) or quote.endswith(("」", "』")):
        problems.append("has its own brackets (the site adds 「」)")
    return problems


def test_the_rules_on_quotes_find_what_they_forbid():
    assert re.search(QUOTE_ENDING_WITH_A_STOP, "「転機となりました。」と振り返ります")
    assert not re.search(QUOTE_ENDING_WITH_A_STOP, "「転機となりました」と振り返ります。")
    assert pull_quote_problems("架空の言葉です。") and pull_quote_problems("「架空の言葉です」")
    assert pull_quote_problems("架空の言葉です") == []


def test_no_japanese_quotation_ends_in_a_stop_inside_its_brackets():
    assert hits(QUOTE_ENDING_WITH_A_STOP, "ja") == []


def test_no_japanese_pull_quote_ends_in_a_stop_or_carries_brackets():
    checked = 0
    for path in sorted((ROOT / "stories").glob("*.ja.md")):
        quote = _front_matter_and_body(path)[0].get("pull_quote")
        if quote:
            assert pull_quote_problems(quote) == [], (path.name, quote)
            checked += 1
    assert checked >= 4


# --- One name per track --------------------------------------------------------------------------------

def track_names(language):
    tracks = yaml.safe_load((ROOT / "data/tracks.yml").read_text(encoding="utf-8"))
    return {entry["name"][language] for entry in tracks.values()}


# Names a track has been called besides its own (the guide's 経済コース, the facts' "Junior Diplomats programme").
OTHER_TRACK_NAMES = {
    "ja": r"(?<![・\w])経済コース|外務省職員コース|関[係連]省庁職員|経済・社会・文化コース",
    "en": r"(?i:economic track|Junior Diplomats programme|AEC and ASCC programme|economic and socio-cultural track)",
}
# Words that stand before コース without naming a track: 両コース (both tracks), 各コース (each track) ...
NOT_A_NAME = {"両", "各", "同", "全", "別", "二つの", "どの", "この", "その"}


def japanese_track_mentions(text):
    # 国・コース・期 is a list, not a name; 若手外|交官コース shows where a tool cuts a word.
    word = "\u4e00-\u9fff\u30a0-\u30ff・"  # kanji, katakana and the middle dot
    return [m.group(1) for m in re.finditer(rf"(?<![|{word}])([{word}]+)コース", text)
            if m.group(1) not in NOT_A_NAME and not m.group(1).endswith("・")]


def test_the_rules_on_track_names_find_what_they_forbid():
    assert re.search(OTHER_TRACK_NAMES["ja"], "経済コースは4期が修了") and re.search(OTHER_TRACK_NAMES["en"],
                                                                                "The Junior Diplomats programme")
    assert not re.search(OTHER_TRACK_NAMES["ja"], "経済・社会文化コース")
    assert japanese_track_mentions("経済コースと両コース、国・コース・期") == ["経済"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_track_goes_by_another_name(language):
    assert hits(OTHER_TRACK_NAMES[language], language) == []


def test_every_japanese_track_name_is_one_of_the_two():
    names = {name.removesuffix("コース") for name in track_names("ja")}
    found = {(where, mention) for where, text in texts("ja").items() for mention in japanese_track_mentions(text)}
    assert {mention for _, mention in found} >= names  # both names are used
    assert [(where, mention) for where, mention in found if mention not in names] == []


# --- Counters: a batch is numbered with 第 and counted with 期分 -------------------------------------------

# 第17期 is the 17th; 全17期 and 計17期 are plainly totals; 期間 is a period; ${n} is a placeholder in JS.
BARE_BATCH_COUNT = r"(?<![第全計\d$])(?:\d+|\$?\{\w+\})期(?![分間])|修了(?:\d+|\$?\{\w+\})期"


def test_the_rule_on_counters_finds_what_it_forbids():
    for wrong in ("17期（修了17期）", "{count}期", "修了{count}期", "うち{placed}期を帯で示し", "`${n}期`"):
        assert re.search(BARE_BATCH_COUNT, wrong), wrong
    for right in ("若手外交官コース第17期", "17期分（17期分が修了）", "全{total}期のうち", "`第${n}期`",
                  "2023年2月〜2024年1月の期間", "第{value}期までを終えました"):
        assert not re.search(BARE_BATCH_COUNT, right), right


def test_no_batch_count_reads_as_an_ordinal():
    assert hits(BARE_BATCH_COUNT, "ja") == []


def test_the_track_summaries_count_batches_as_counts():
    """What a reader sees on the track pages and cards: 「17期分（17期分が修了）」, computed from the data."""
    site = load_site(ROOT)
    for track in site.catalog.tracks.values():
        summary = browse.track_summary(site, track, "ja")
        batches = sum(1 for b in site.catalog.batches.values() if b.track == track.key)
        assert summary["batch_count_text"] == f"{batches}期分", summary["batch_count_text"]
        assert summary["status_text"] and not re.search(BARE_BATCH_COUNT, summary["status_text"])
        assert all(re.fullmatch(r"\d+期分が\S+", part) for part in summary["status_text"].split("、")), summary


# --- Key takeaways in Japanese end in a noun (体言止め) -----------------------------------------------------

# Without a morphological analyser (a dictionary of tens of megabytes for one rule), the endings that cannot end a
# noun phrase: a stop or comma, a particle, a verb's or an auxiliary's ending.
NOT_A_NOUN_ENDING = re.compile(r"(?:[。、．，]|[にをがはへでとも]|です|ます|ました|でした|ている|ていた|ない|[るたうくすつぬむぶぐだ])$")


def takeaway_problem(item: str) -> str | None:
    core = re.sub(r"（[^（）]*）$", "", item.strip())  # a closing note in brackets qualifies the noun before it
    if NOT_A_NOUN_ENDING.search(core):
        return f"「{item}」 ends in 「{NOT_A_NOUN_ENDING.search(core).group()}」: end the item in a noun (体言止め)"
    return None


def test_the_rule_on_takeaways_finds_what_it_forbids():
    for wrong in ("日本赴任に応募する原動力に", "考えられるように", "仕事に生きている", "大きな自信を獲得した。"):
        assert takeaway_problem(wrong), wrong
    for right in ("大きな自信を獲得", "地域の視点の大切さ", "英語力の向上（英語を使う機会がごく限られていた時期に）"):
        assert takeaway_problem(right) is None, right


def test_every_japanese_takeaway_ends_in_a_noun():
    checked = 0
    for path in sorted((ROOT / "stories").glob("*.ja.md")):
        for item in _front_matter_and_body(path)[0].get("takeaways") or ():
            assert takeaway_problem(item) is None, f"{path.name}: {takeaway_problem(item)}"
            checked += 1
    assert checked >= 10


# --- One spelling per loanword -------------------------------------------------------------------------

# The spelling used -> the spellings it replaces (the long mark at the end of -er/-or words; the team's own name).
SPELLINGS = {
    "ブラウザー": r"ブラウザ(?!ー)",
    "フォルダー": r"フォルダ(?!ー)",
    "ユーザー": r"ユーザ(?!ー)",
    "サーバー": r"サーバ(?!ー)",
    "エディター": r"エディタ(?!ー)",
    "コンピューター": r"コンピュータ(?!ー)",
    "JAIFマネージメントチーム": r"マネジメント・?チーム|マネージメント・チーム",
    "アタッチメント・プログラム": r"アタッチメントプログラム",
    "アタッチメント・オフィサー": r"アタッチメントオフィサー",
    "移住労働": r"移民労働",
    "ASEAN事務局": r"アセアン事務局",
}


def test_the_spelling_rules_find_what_they_forbid():
    for used, replaced in SPELLINGS.items():
        assert not re.search(replaced, used), used
    assert re.search(SPELLINGS["ブラウザー"], "ブラウザで編集する")
    assert re.search(SPELLINGS["JAIFマネージメントチーム"], "JAIFマネジメントチーム")


@pytest.mark.parametrize("used", list(SPELLINGS))
def test_one_spelling_per_loanword(used):
    assert hits(SPELLINGS[used], "ja") == [], f"write {used}"
    if used in ("ブラウザー", "フォルダー", "JAIFマネージメントチーム", "アタッチメント・プログラム"):
        assert any(used in text for text in texts("ja").values()), f"{used} is used somewhere"


# --- "attachment officer": lower case but at a sentence's start ------------------------------------------

ATTACHMENT_OFFICER = re.compile(r"attachment officers?", re.IGNORECASE)


def _starts_a_sentence(text, match) -> bool:
    before = text[: match.start()]
    return bool(re.search(r"(?:^|\n|[.!?][\"”’)]?\s+|^[-*>] |\n[-*>] |: )$", before)) or before.endswith("  - ")


def officer_problems(text):
    return [m.group() for m in ATTACHMENT_OFFICER.finditer(text)
            if m.group()[0] != "a" and not (m.group().startswith("Attachment officer") and _starts_a_sentence(text, m))]


def test_the_rule_on_attachment_officer_finds_what_it_forbids():
    assert officer_problems("during her stay as an Attachment Officer.") == ["Attachment Officer"]
    assert officer_problems("the attachment officer said. Attachment officers are attached") == []
    assert officer_problems("He was an Attachment officer.") == ["Attachment officer"]


def test_attachment_officer_is_written_one_way():
    problems = {name: officer_problems(text) for name, text in texts("en").items()}
    assert {name: found for name, found in problems.items() if found} == {}
    assert any(ATTACHMENT_OFFICER.search(text) for text in texts("en").values())


# --- "Key takeaways" on the site and in the form ---------------------------------------------------------

def _field(fields, name):
    return next(field for field in fields if field["name"] == name)


def test_the_form_and_the_site_call_the_takeaways_the_same():
    strings = yaml.safe_load((ROOT / "data/strings.yml").read_text(encoding="utf-8"))
    config, _ = cms.generate(ROOT)
    stories = next(c for c in config["collections"] if c["name"] == "stories")
    field = _field(stories["fields"], "takeaways")
    assert field["label"] == strings["takeaways"]["en"] == "Key takeaways"
    assert "key points" not in (field.get("hint") or "").lower()
