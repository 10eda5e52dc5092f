"""A story page's body is rendered by the core alone (MkDocs renders no body for it, issue 23), so MkDocs never sees
its links: the adapter hands them to MkDocs' own check (hooks/engine.py check_links), which refuses in a strict build
every relative link of a story body but ../ (it resolves them from the story's file, not its page: even
../<an existing slug>/ was "unrecognized"). The content check refuses them first, in its own words, before the
site folder is touched (issue 25: the guide used to advise ../<slug>/); a link to a full address passes, and the
page shows the body's table of contents."""
from __future__ import annotations

import pytest
from conftest import copy_project, fictional, run_build, story_text

pytestmark = pytest.mark.slow


def test_a_story_link_to_no_page_stops_a_strict_build_and_a_full_address_does_not(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    story = project / "stories" / "fictional-alumna.en.md"
    body = ("A fictional paragraph.\n\n## A fictional heading\n\n"
            "See [the newsletter](https://fictional-newsletter.example/alumni/).\n")
    story.write_text(story_text(fictional("en"), body), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "stories" / "fictional-alumna" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://fictional-newsletter.example/alumni/"' in page
    assert 'href="#a-fictional-heading"' in page, "the table of contents of the core's render is the page's"

    text = story_text(fictional("en"), body + "\nAnd [a lost one](../no-such-story/).\n")
    story.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "../no-such-story/" in content)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (f"stories/fictional-alumna.en.md:{line} [body]: the link '../no-such-story/' is a relative address of another "
            "page; the build refuses such links -> link to the list of stories with ../" in result.stderr), \
        result.stderr[-3000:]
