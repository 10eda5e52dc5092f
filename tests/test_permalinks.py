"""Permanent addresses in the core: what the site publishes, aliases, withdrawn stories, the manifest command."""
from __future__ import annotations

import subprocess

import pytest
import yaml
from conftest import ROOT, copy_project, fictional, story_text
from publishing_fixtures import CLI

from alumni_stories.errors import ContentError
from alumni_stories.site.views import load_site
from alumni_stories.outputs import permalinks
from alumni_stories.outputs.feeds import feed_stories
from alumni_stories.outputs.index import story_index


def rename_story(project, old: str, new: str, aliases=None):
    """Rename a story's files and slug, as an editor would; with `aliases`, declare the old slug."""
    for language in ("en", "ja"):
        source = project / "stories" / f"{old}.{language}.md"
        text = source.read_text(encoding="utf-8")
        if language == "en":
            text = text.replace(f"slug: {old}\n", f"slug: {new}\n" + (f"aliases: [{', '.join(aliases)}]\n"
                                                                     if aliases else ""))
        (project / "stories" / f"{new}.{language}.md").write_text(text, encoding="utf-8")
        source.unlink()


def add_recorded_fictional(project, slug: str = "fictional-alumna", **changes):
    """A fictional story in both languages whose addresses the manifest records, as if it had been published
    for a while: tests rename and withdraw fictional people, never the real alumni."""
    (project / "stories" / f"{slug}.en.md").write_text(story_text(fictional(slug=slug, **changes)), encoding="utf-8")
    (project / "stories" / f"{slug}.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    result = run_record(project)
    assert result.returncode == 0, result.stdout + result.stderr


def withdraw_story(project, slug: str):
    """Withdraw a story the way the guide says: the English file keeps only its slug; the translation goes."""
    (project / "stories" / f"{slug}.en.md").write_text(f"---\nslug: {slug}\nwithdrawn: true\n---\n", encoding="utf-8")
    (project / "stories" / f"{slug}.ja.md").unlink()


def test_addresses_cover_pages_stories_embeds_feeds_and_data():
    site = load_site(ROOT)
    addresses = permalinks.published_addresses(site, ROOT / "docs")
    for prefix in ("/", "/ja/"):
        assert addresses[prefix].kind == "page"
        assert addresses[prefix + "guide/"].kind == "page"
        assert addresses[prefix + "feed.xml"].kind == "feed"
        for story in site.stories:
            assert addresses[f"{prefix}stories/{story.slug}/"].kind == "story"
            assert addresses[f"{prefix}embed/{story.slug}/"].kind == "embed"
    assert addresses["/api/v1/stories.json"].kind == "data"
    assert addresses["/api/v1/countries/lao-pdr.json"].kind == "data"


def test_the_committed_manifest_records_every_published_address():
    result = subprocess.run([str(CLI), "record-urls", "--root", str(ROOT), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, ("run scripts/record-urls.sh and commit data/url-manifest.yml:\n"
                                    + result.stdout + result.stderr)


def test_alias_redirects_old_addresses_in_every_language(project):
    add_recorded_fictional(project)
    rename_story(project, "fictional-alumna", "renamed-alumna", aliases=["fictional-alumna"])
    site = load_site(project)
    addresses = permalinks.published_addresses(site, project / "docs")
    assert addresses["/stories/fictional-alumna/"].target == "stories/renamed-alumna/"
    assert addresses["/ja/stories/fictional-alumna/"].target == "ja/stories/renamed-alumna/"
    assert addresses["/ja/embed/fictional-alumna/"].target == "ja/embed/renamed-alumna/"
    assert {a.kind for path, a in addresses.items() if "fictional-alumna" in path} == {"redirect"}
    permalinks.check(site, project / "docs")  # the recorded old addresses are still served: no error


def test_rename_without_alias_names_every_lost_address(project):
    add_recorded_fictional(project)
    rename_story(project, "fictional-alumna", "renamed-alumna")
    with pytest.raises(ContentError) as caught:
        permalinks.check(load_site(project), project / "docs")
    lost = {p.field for p in caught.value.problems}
    assert lost == {"/stories/fictional-alumna/", "/ja/stories/fictional-alumna/", "/embed/fictional-alumna/",
                    "/ja/embed/fictional-alumna/"}
    assert all("aliases: [fictional-alumna]" in p.fix for p in caught.value.problems)


def test_withdrawn_story_is_gone_from_every_list_but_keeps_its_addresses(project):
    slug = "fictional-alumna"
    add_recorded_fictional(project, slug, period={"start": 2014, "end": 2015})  # between two real stories
    withdraw_story(project, slug)
    site = load_site(project)
    assert [w.slug for w in site.withdrawn] == [slug]
    assert slug not in [s.slug for s in site.stories]
    for language in ("en", "ja"):
        views = site.index_view(language)
        assert all(v["slug"] != slug for v in views)
        neighbours = [v[side]["url"] for v in views for side in ("previous", "next") if v[side]]
        assert not any(slug in url for url in neighbours)
        assert all(s.slug != slug for s in feed_stories(site, language))
    assert all(entry["slug"] != slug for entry in story_index(site)["stories"])
    addresses = permalinks.published_addresses(site, project / "docs")
    assert addresses[f"/ja/stories/{slug}/"].kind == "withdrawn"
    permalinks.check(site, project / "docs")


def test_alias_taken_by_another_story_is_refused(project):
    (project / "stories" / "fictional-other.en.md").write_text(story_text(fictional(slug="fictional-other")),
                                                               encoding="utf-8")
    (project / "stories" / "fictional-alumna.en.md").write_text(
        story_text(fictional(aliases=["fictional-other"])), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(project)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == ("stories/fictional-alumna.en.md", "aliases")
    assert "fictional-other" in problem.message


def test_withdrawn_file_needs_only_its_slug_but_a_published_one_needs_everything(project):
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional()), encoding="utf-8")
    (project / "stories" / "fictional-alumna.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    withdraw_story(project, "fictional-alumna")
    load_site(project)
    (project / "stories" / "fictional-alumna.en.md").write_text("---\nslug: fictional-alumna\nwithdrawn: false\n---\n",
                                                                 encoding="utf-8")
    with pytest.raises(ContentError, match="'name' is missing"):
        load_site(project)


def test_untranslated_story_stays_out_of_the_other_languages_feed(project):
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional()), encoding="utf-8")
    site = load_site(project)
    assert "fictional-alumna" in [s.slug for s in feed_stories(site, "en")]
    assert "fictional-alumna" not in [s.slug for s in feed_stories(site, "ja")]


def run_record(project, *args):
    return subprocess.run([str(CLI), "record-urls", "--root", str(project), *args],
                          capture_output=True, text=True)


def recorded(project) -> list:
    return yaml.safe_load((project / permalinks.MANIFEST).read_text(encoding="utf-8"))["urls"]


def test_record_command_adds_new_addresses_and_never_drops_one(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional()), encoding="utf-8")
    assert run_record(project, "--check").returncode == 1
    result = run_record(project)
    assert result.returncode == 0, result.stderr
    assert "recorded: /ja/stories/fictional-alumna/" in result.stdout
    assert "/stories/fictional-alumna/" in recorded(project) and recorded(project) == sorted(recorded(project))
    assert run_record(project, "--check").returncode == 0

    (project / "stories" / "fictional-alumna.en.md").unlink()
    before = recorded(project)
    refused = run_record(project)
    assert refused.returncode == 1 and "/stories/fictional-alumna/" in refused.stderr
    assert recorded(project) == before
    forgotten = run_record(project, *[f"--forget={path}" for path in before if "fictional-alumna" in path])
    assert forgotten.returncode == 0, forgotten.stderr
    assert not any("fictional-alumna" in path for path in recorded(project))
