"""Second line of defence: sanitize the HTML MkDocs really rendered, for story pages and hand-written pages alike.

The loader already rejects a story body whose rendered Markdown holds anything outside the safe subset
(alumni_stories/content/safe_html.py). The site's own Markdown configuration may differ from the loader's (an
extension added to mkdocs.yml later), and the hand-written pages of docs/ are Markdown too (an inline <script>
there was published, and its hash allowed by the CSP), so the content HTML of every page is checked and cleaned
here, with the same sanitizer and the same rule: if the sanitizer has to remove something, the build stops.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from alumni_stories.content import safe_html
from alumni_stories.errors import ContentError

STORY_TEMPLATES = ("story.html",)  # pages whose content is an editor's story body


# Low priority, so the check sees the HTML after every other hook and plugin changed it (but the preview's
# notice of problems, hooks/stories.py, which is the site's own HTML and comes after it).
@event_priority(-100)
def on_page_content(html, page, config, files):
    story = page.meta.get("template") in STORY_TEMPLATES
    docs = Path(getattr(config, "docs_dir", None) or "docs").name
    name = page.file.src_uri if story else f"{docs}/{page.file.src_uri}"
    # The front matter's lines come before the Markdown MkDocs kept: count them, so the line is the file's.
    first_line, markdown = 1, getattr(page, "markdown", None) or ""
    if not story and getattr(page.file, "abs_src_path", None):
        try:
            with open(page.file.abs_src_path, encoding="utf-8-sig") as handle:
                text = handle.read()
            first_line = text.count("\n") - markdown.count("\n") + 1
        except OSError:
            pass
    problems = safe_html.rendered_problems(html, markdown, name, first_line,
                                           what="the story text" if story else "the page")
    if problems:
        raise PluginError(ContentError(problems).render())
    return safe_html.sanitize(html)
