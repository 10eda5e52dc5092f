"""The rules of the Japanese style sheet (docs/guide/japanese-style.ja.md) that a machine can check, and one name
per track in each language, across the built site and the Japanese sources it is made from."""
from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from alumni_stories.site.views import load_site

pytestmark = pytest.mark.slow

# Names the tracks had before one name per language was chosen: none may come back.
OLD_TRACK_NAMES = {
    "en": [r"Junior diplomats", r"Ministry of Foreign Affairs track", r"APSC-related", r"Ministry of Foreign Affairs officers",
           r"[Ee]conomic and socio-cultural (officials|ministries)", r"economic and social-cultural"],
    "ja": [r"外務省職員", r"関連省庁職員", r"関係省庁職員", r"経済・社会・文化"],
}


def tracks():
    return yaml.safe_load((ROOT / "data" / "tracks.yml").read_text(encoding="utf-8"))


def japanese_sources():
    """The Japanese texts the site is made from: stories, data, pages (the style sheet itself quotes the
    forbidden forms as examples, so it is left out)."""
    files = sorted((ROOT / "stories").glob("*.ja.md")) + sorted((ROOT / "docs").rglob("*.ja.md"))
    files = [f for f in files if f.name != "japanese-style.ja.md"]
    texts = {str(f.relative_to(ROOT)): f.read_text(encoding="utf-8") for f in files}
    for name in ("strings.yml", "facts.yml", "batches.yml", "tracks.yml", "sources.yml", "countries.yml"):
        data = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
        if name == "sources.yml":  # a source written in another language keeps its own title: not our Japanese
            data = {key: {**entry, "title": None} if entry.get("language", "ja") != "ja" else entry
                    for key, entry in data.items()}
        texts[f"data/{name}"] = "\n".join(_ja_values(data))
    return texts


def _ja_values(value, under_ja=False):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _ja_values(item, under_ja or key == "ja")
    elif isinstance(value, list):
        for item in value:
            yield from _ja_values(item, under_ja)
    elif isinstance(value, str) and under_ja:
        yield value


def japanese_pages(built_site):
    for path in sorted((built_site / "ja").rglob("index.html")):
        if "japanese-style" in path.parts:
            continue  # the style sheet quotes the forms it forbids
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style", "textarea", "code", "pre"]):  # code to copy is not prose
            tag.decompose()
        for element in soup.select("[lang]:not(html)"):
            if not element["lang"].startswith("ja"):
                element.decompose()  # text in another language (an English source title) follows its own rules
        yield str(path.relative_to(built_site)), soup


# --- One range style -------------------------------------------------------------------------------------

BAD_RANGES = [re.compile(r"\d{4}〜\d{4}年"), re.compile(r"\d{4}\s*[–-]\s*\d{4}(?!\d)"), re.compile(r"\d{4}〜\d")]


def test_one_range_style_in_the_japanese_sources():
    for name, text in japanese_sources().items():
        for pattern in BAD_RANGES:
            found = [m.group() for m in pattern.finditer(text) if not _in_code_or_url(text, m)]
            assert found == [], f"{name}: write ranges as 2006年〜2007年, not {found}"


def test_one_range_style_on_the_japanese_pages(built_site):
    pages = 0
    for name, soup in japanese_pages(built_site):
        text = soup.get_text(" ")
        for pattern in BAD_RANGES:
            assert not pattern.search(text), f"{name}: {pattern.search(text).group()}"
        pages += 1
    assert pages > 20
    for story in load_site(ROOT).stories:  # each real story's period, written the one way
        start, end = story.period.start.year, story.period.end.year
        page = (built_site / f"ja/stories/{story.slug}/index.html").read_text(encoding="utf-8")
        assert f"{start}年〜{end}年" in page, story.slug


def _in_code_or_url(text: str, match) -> bool:
    line = text[text.rfind("\n", 0, match.start()) + 1: text.find("\n", match.end())]
    return "`" in line or "http" in line or "--period" in line


# --- One word for "stories" ----------------------------------------------------------------------------

def test_one_word_for_stories(built_site):
    for name, text in japanese_sources().items():
        assert "物語" not in text, f"{name}: write ストーリー, not 物語"
    for name, soup in japanese_pages(built_site):
        assert "物語" not in soup.get_text(), name
    assert "ストーリー" in (built_site / "ja/index.html").read_text(encoding="utf-8")


# --- No bare 外務省 in a story's facts -----------------------------------------------------------------

def test_a_ministry_in_a_storys_facts_names_its_country():
    countries = [c["name"]["ja"] for c in yaml.safe_load((ROOT / "data/countries.yml").read_text(encoding="utf-8")).values()]
    checked = 0
    for path in sorted((ROOT / "stories").glob("*.ja.md")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        values = [facts.get("ministry") or "", (facts.get("current_role") or {}).get("title", "")]
        values += [role["title"] for role in facts.get("later_roles") or ()]
        for value in values:
            for match in re.finditer("外務省", value):
                assert any(value[: match.start()].endswith(c) for c in countries), \
                    f"{path.name}: 「{value}」: write the country before 外務省 (ラオス外務省)"
                checked += 1
    assert checked >= 2  # the two foreign-ministry officials' files


def test_the_story_facts_on_the_page_name_the_ministrys_country(built_site):
    site = load_site(ROOT)
    checked = 0
    for story in site.stories:
        soup = BeautifulSoup((built_site / f"ja/stories/{story.slug}/index.html").read_text(encoding="utf-8"),
                             "html.parser")
        facts = soup.select_one(".story-facts").get_text()
        country = site.catalog.countries[story.country].name["ja"]
        if "外務省" in facts:
            assert f"{country}外務省" in facts and not re.search(rf"(?<!{country})外務省", facts), story.slug
            checked += 1
    assert checked >= 1


# --- One name per track, per language ------------------------------------------------------------------

def _site_files(built_site, language):
    root = built_site if language == "en" else built_site / "ja"
    for path in sorted(root.rglob("*")):
        if language == "en" and "ja" in path.relative_to(built_site).parts[:1]:
            continue
        if path.suffix in (".html", ".xml", ".json") and "pagefind" not in path.parts \
                and "japanese-style" not in path.parts:  # the style sheet quotes the old names it retires
            yield path


@pytest.mark.parametrize("language", ["en", "ja"])
def test_each_track_has_exactly_one_name_across_the_built_site(built_site, language):
    names = {key: entry["name"][language] for key, entry in tracks().items()}
    labels: dict = {key: set() for key in names}
    pages = 0
    for path in _site_files(built_site, language):
        text = path.read_text(encoding="utf-8")
        for pattern in OLD_TRACK_NAMES[language]:
            assert not re.search(pattern, text), f"{path.relative_to(built_site)}: old track name {pattern!r}"
        if path.suffix != ".html":
            continue
        pages += 1
        soup = BeautifulSoup(text, "html.parser")
        for key, entry in tracks().items():
            slug = entry.get("slug", key)
            # Every link to the track's page, the search index's track filter, the story index's filter.
            for a in soup.find_all("a", href=re.compile(rf"tracks/{slug}/$")):
                if a.get("hreflang"):
                    continue  # the language selector: the same page in the other language
                counted = a.select_one(".story-filter__count")  # the story index's filter adds a count
                if counted:
                    counted.decompose()
                labels[key].add(a.get_text(strip=True))
        # The search index's track filter takes the name from the story page.
        for article in soup.select("[data-search-track]"):
            assert article["data-search-track"] in names.values()
    assert pages > 20
    for key, found in labels.items():
        found.discard("")
        # Breadcrumbs and index cards say the name; nothing says anything else.
        assert found == {names[key]}, (key, found)
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_batch_is_always_named_with_its_track(built_site, language):
    names = {key: entry["name"][language] for key, entry in tracks().items()}
    slugs = {entry.get("slug", key): key for key, entry in tracks().items()}
    root = built_site if language == "en" else built_site / "ja"
    links = 0
    for path in (root / "stories").rglob("index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        line = soup.select_one(".story-line")
        if line is not None:
            assert any(name in line.get_text() for name in names.values()), (path, line.get_text())
    for path in [root / "programme/index.html", root / "batches/index.html", root / "tracks/mfa/index.html",
                 root / "batches/esc-3/index.html", root / "stories/index.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=re.compile(r"batches/([a-z]+)-\d+/$")):
            if a.get("hreflang"):
                continue  # the language selector: the same page in the other language
            track = slugs[re.search(r"batches/([a-z]+)-\d+/$", a["href"]).group(1)]
            holder = a.find_parent("li") or a.find_parent("p") or a
            context = a.get_text() + " " + holder.get_text()
            assert names[track] in context, (path.name, a.get_text())
            links += 1
    assert links > 20
    # Search results show country and batch: the batch comes with its track.
    for story in load_site(ROOT).stories:
        soup = BeautifulSoup((root / f"stories/{story.slug}/index.html").read_text(encoding="utf-8"), "html.parser")
        assert names[story.track] in soup.select_one("[data-search-batch]")["data-search-batch"], story.slug
