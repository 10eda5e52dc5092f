"""Second line of defence: sanitize the HTML MkDocs really rendered, for story pages and hand-written pages alike.

The loader already rejects a story body whose rendered Markdown holds anything outside the safe subset
(alumni_stories/content/safe_html.py). The site's own Markdown configuration may differ from the loader's (an
extension added to mkdocs.yml later), and the hand-written pages of docs/ are Markdown too (an inline <script>
there was published, and its hash allowed by the CSP), so the content HTML of every page is checked and cleaned
here, with the same sanitizer and the same rule: if the sanitizer has to remove something, the build stops.
"""
from __future__ import annotations


from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from alumni_stories.content import safe_html
from alumni_stories.errors import ContentError

STORY_TEMPLATES = ("story.html",)  # pages whose content is an editor's story body


# Lowest priority, so the check sees the HTML after every other hook and plugin changed it.
@event_priority(-100)
def on_page_content(html, page, config, files):
    story = page.meta.get("template") in STORY_TEMPLATES
    name = page.file.src_uri if story else f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
    # The front matter's lines come before the Markdown MkDocs kept: count them, so the line is the file's.
    first_line = 1
    if not story and page.file.abs_src_path:
        try:
            with open(page.file.abs_src_path, encoding="utf-8-sig") as handle:
                text = handle.read()
            first_line = text.count("\n") - (page.markdown or "").count("\n") + 1
        except OSError:
            pass
    problems = safe_html.rendered_problems(html, page.markdown or "", name, first_line,
                                           what="the story text" if story else "the page")
    if problems:
        raise PluginError(ContentError(problems).render())
    return safe_html.sanitize(html)
