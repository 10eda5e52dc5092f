"""Second line of defence for story bodies: sanitize the HTML MkDocs really rendered.

The loader already rejects a body whose rendered Markdown holds anything outside the safe subset
(alumni_stories/safe_html.py). The site's own Markdown configuration may differ from the loader's (an
extension added to mkdocs.yml later), so the page HTML of every story is checked and cleaned again here,
with the same sanitizer and the same rule: if the sanitizer has to remove something, the build stops.
"""
from __future__ import annotations


from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from alumni_stories.content import safe_html

STORY_TEMPLATES = ("story.html",)  # pages whose content is an editor's story body


# Lowest priority, so the check sees the HTML after every other hook and plugin changed it.
@event_priority(-100)
def on_page_content(html, page, config, files):
    if page.meta.get("template") not in STORY_TEMPLATES:
        return html
    removed = safe_html.removed_by_sanitizer(html)
    if removed:
        raise PluginError(f"{page.file.src_uri}: the story text contains HTML that is not allowed "
                          f"({', '.join(removed)}) -> remove it from the story file; a story may use "
                          f"{safe_html.ALLOWED_HTML_FOR_EDITORS}, but no scripts or event attributes")
    return safe_html.sanitize(html)
