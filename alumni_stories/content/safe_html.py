"""Story bodies are Markdown with a safe subset of HTML: nothing in them may run code or restyle the site.

The body is rendered with the Markdown extensions the site uses, then cleaned by nh3 (the Python binding
of the Ammonia sanitizer). Whatever the sanitizer had to remove is reported as a problem naming the file,
so a story that tries to inject script is rejected rather than published in a silently altered form.
The site engine adapter runs the same check on the HTML it really renders, as a second line of defence.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

from alumni_stories.content.reader import CONTROL
from alumni_stories.errors import Problem

# The Markdown extensions the site's build configuration enables. attr_list matters most here: it lets a
# writer set any attribute, onclick included, which is why the check renders the body instead of
# scanning its source.
MARKDOWN_EXTENSIONS = ("attr_list", "admonition", "toc", "tables", "fenced_code")  # the last two: the engine's own

# A story is a few thousand words. Far larger bodies are pasted by accident (a whole document, an
# embedded image as text) and would make every build crawl, so they are refused with a clear message.
MAX_BODY_BYTES = 1_000_000

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    # id: heading anchors (toc) and {#id} from attr_list; lang/dir: a quote in another language; title: link
    # and image titles; class: only the classes of ALLOWED_CLASSES (filtered by _keep).
    "*": {"id", "class", "lang", "dir", "title"},
}
# The only classes a body may carry: those the admonition extension writes, for the types the site's theme
# styles. Any other class belongs to the site or its theme (a theme's dialog class, borrowed with
# `{: .class }`, draws its fixed pop-up over the page), so a body may not borrow it.
ADMONITION_TYPES = ("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
                    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
                    "missing", "danger", "error", "bug", "example", "quote", "cite")
ALLOWED_CLASSES = frozenset({"admonition", "admonition-title", *ADMONITION_TYPES})
# A fenced code block's language (fenced_code, which the engine always enables): <code class="language-sh">.
_CODE_LANGUAGE = re.compile(r"^language-[a-z0-9_+#.-]{1,30}$")
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # relative URLs pass unchanged
ALLOWED_HTML_FOR_EDITORS = "Markdown, and HTML such as <p>, <em>, <a href>, <img src alt>, <table>, <figure>"


# Ids the page itself relies on: the skip link's target, and the ids beginning with two underscores, which the
# site keeps for its theme's scripts (settings, menu and search toggles) whatever the theme. A story element
# with one of them would break the page's scripts.
RESERVED_ID = re.compile(r"^(main-content|__.*)$")


def sanitize(html: str) -> str:
    """The HTML with every element, attribute and URL outside the allowed subset removed."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, attribute_filter=_keep,
                     url_schemes=set(ALLOWED_URL_SCHEMES), link_rel=None, strip_comments=True)


def _keep(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = " ".join(name for name in value.split()
                        if name in ALLOWED_CLASSES or (element == "code" and _CODE_LANGUAGE.match(name)))
        return kept or None
    return None if attribute == "id" and RESERVED_ID.match(value) else value


def render(body: str) -> str:
    """The body's HTML, rendered once per process whoever asks (the loader's check, then the story's page)."""
    return rendered(body)[0]


_rendered: dict = {}  # sha256 of a body -> (its HTML, its table of contents as the toc extension's tokens)


def rendered(body: str) -> tuple[str, list]:
    """(HTML, table of contents) of a story body: the one render the loader's check, the story page and its
    table of contents share. The tokens are Python-Markdown's toc extension's (`Markdown.toc_tokens`)."""
    key = hashlib.sha256(body.encode("utf-8")).digest()
    if key not in _rendered:
        if len(_rendered) > 20_000:  # a long preview session: forget old versions of edited bodies
            _rendered.clear()
        md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
        _rendered[key] = (md.convert(body), getattr(md, "toc_tokens", []))
    return _rendered[key]


_checked: dict = {}  # sha256 of HTML -> (sanitized HTML, removals): the loader's check and the page share it


def checked(html: str) -> tuple[str, dict]:
    """(sanitize(html), what it removed); each HTML is sanitized once per process, whoever asks (the loader's
    check of a body, then the page the engine rendered from the same body)."""
    key = hashlib.sha256(html.encode("utf-8")).digest()
    if key not in _checked:
        if len(_checked) > 20_000:  # a long preview session: forget old versions of edited bodies
            _checked.clear()
        clean = sanitize(html)
        if clean == html:  # (nearly always: then the memo keeps one text, not two; 24 MiB at 2,000 alumni)
            clean = html
        _checked[key] = (clean, _removals(html, clean))
    return _checked[key]


def removed_by_sanitizer(html: str) -> list[str]:
    """What sanitize() takes out of `html`, described for people: '<script> element', 'onerror on <img>'."""
    return list(checked(html)[1])


def _removals(html: str, clean: str) -> dict[str, tuple[str, ...]]:
    """{description: texts to look for in the source, best first} for everything sanitize() removed."""
    before, after = _Inventory.of(html), _Inventory.of(clean)
    found = {}
    for tag, count in before.elements.items():
        if count > after.elements[tag]:
            found[f"<{tag}> element"] = (f"<{tag}",)
    for (tag, name, value), count in before.attributes.items():
        if count > after.attributes[(tag, name, value)]:
            shown = f'{name}="{_shorten(value)}"' if name in _VALUE_ATTRIBUTES else name
            # A URL may be written with entities (&#106;avascript:): fall back to its start, then the name.
            found[f"{shown} on <{tag}>"] = tuple(n for n in (value, *value.split()[:3], value[:10], name) if n)
    return found


def check_body(body: str, file: str, first_line: int = 1) -> list[Problem]:
    """Problems with a story body: too large, or holding HTML the site will not publish."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return [Problem(file, "body", f"the story text is {size / 1_000_000:.1f} MB; the limit is "
                        f"{MAX_BODY_BYTES / 1_000_000:.0f} MB",
                        "check that nothing was pasted by accident (a whole document, an image as text); "
                        "split a very long story in two", first_line)]
    bad = CONTROL.search(body)
    if bad:
        return [Problem(file, "body", f"the story text holds an invisible control character (U+{ord(bad.group()):04X})",
                        "delete it (retype the text around it if you cannot see it)",
                        first_line + body[: bad.start()].count("\n"))]
    many = _too_many_markup_items(body)
    if many:
        count, what, where = many
        return [Problem(file, "body", f"the story text holds {count:,} {what} (at most {MAX_MARKUP_ITEMS:,}); "
                        "the Markdown renderer's work grows with the square of their number",
                        "write the characters themselves instead of codes such as &amp; or &#233; (an ampersand "
                        "is just &), and remove what was pasted by accident",
                        first_line + body[:where].count("\n"))]
    depth, where = _nesting(body)
    if depth > MAX_NESTING:
        return [Problem(file, "body", f"the story text nests lists, quotes or HTML elements {depth} levels deep "
                        f"(at most {MAX_NESTING})", "flatten the lists or quotes",
                        first_line + body[:where].count("\n"))]
    try:
        html = render(body)
        removed = checked(html)[1]
    except (RecursionError, MemoryError, ValueError, IndexError, KeyError, TypeError, AttributeError) as err:
        # The Markdown renderer and the sanitizer are libraries: whatever they raise becomes a message.
        return [Problem(file, "body", f"the story text cannot be rendered ({type(err).__name__}): it is probably "
                        "nested too deeply or holds unusual markup", "simplify the Markdown (fewer levels of lists, "
                        "quotes or HTML inside each other)", first_line)]
    return rendered_problems(html, body, file, first_line, removed) + link_problems(html, body, file, first_line)


# The site engine's own rule for links in pages (its configuration, validation: absolute_links and unrecognized_links
# warn, and a strict build stops on a warning): a story page may link to the site's pages only by a relative
# address, and never to a source file. Checked here too, so the check refuses what the build would, with a fix.
LINK_FIX = ("link to the list of stories with ../ (the one relative address the build accepts); to another story "
            "or page of the site, write its full address, https://<the site's address>/stories/<slug>/ (or "
            "/ja/stories/<slug>/), which the build leaves as it is")
# Relative addresses the engine resolves from the story's file, not its page: only the list of stories (and the
# page itself) lead where an editor expects; ../<slug>/ was refused by the strict build as an unrecognized link.
RELATIVE_ACCEPTED = ("", ".", "./", "..", "../")


def links(html: str) -> list[str]:
    """The addresses of the links and images of `html`, as written (the engine checks where they lead)."""
    return [value for (tag, name, value) in _Inventory.of(html).attributes
            if (tag, name) in (("a", "href"), ("img", "src"))]


def link_problems(html: str, source: str, file: str, first_line: int = 1) -> list[Problem]:
    """Links and images of a story body the build refuses: an address starting with '/' (absolute on the site),
    naming a Markdown file, or a link relative to the story page other than ../ (the list of stories)."""
    problems = []
    for (tag, name, value), _count in _Inventory.of(html).attributes.items():
        if (tag, name) not in (("a", "href"), ("img", "src")) or leaves_the_site(value):
            continue
        path = browser_url(value).split("#")[0].split("?")[0]
        if path.startswith("/"):
            what = f"the link '{_shorten(value)}' starts with '/'"
        elif path.lower().endswith(".md"):
            what = f"the link '{_shorten(value)}' names a Markdown file, not a page of the site"
        elif tag == "a" and path not in RELATIVE_ACCEPTED:
            what = f"the link '{_shorten(value)}' is a relative address of another page"
        else:
            continue
        problems.append(Problem(file, "body", f"{what}; the build refuses such links", LINK_FIX,
                                _first_line_mentioning(source, [(f"({value}", value)], first_line)))
    return problems


def rendered_problems(html: str, source: str, file: str, first_line: int = 1, removed=None,
                      what: str = "the story text") -> list[Problem]:
    """What the site will not publish in `html`, rendered from the Markdown `source` of `file` (a story body, or a
    hand-written page of docs/): HTML outside the safe subset, and resources from other hosts."""
    body = source
    removed = checked(html)[1] if removed is None else removed
    problems = []
    if removed:
        line = _first_line_mentioning(body, removed.values(), first_line)
        problems.append(Problem(file, "body", f"{what} contains HTML that is not allowed: {', '.join(removed)}",
                                f"remove it; a story may use {ALLOWED_HTML_FOR_EDITORS}, but no scripts, event "
                                f"attributes (onclick, onerror...), styles, javascript: links, ids starting with "
                                f"__ or classes other than the admonitions' ({', '.join(sorted(ADMONITION_TYPES)[:6])}...)",
                                line))
    for tag, attribute, url in external_resources(html):
        problems.append(Problem(file, "body", f"{what} embeds {'an image' if tag == 'img' else f'a <{tag}>'} "
                                f"from another site ({attribute}=\"{_shorten(url)}\"); the site loads nothing from "
                                "other hosts", "put the image in stories/media/<slug>/ and refer to it by its file "
                                "name, or link to the page instead of embedding it",
                                _first_line_mentioning(body, [(url, url[:20])], first_line)))
    return problems


# Python-Markdown keeps each character reference and each inline HTML tag in a stash and searches the text
# for every placeholder it left: the work is quadratic in their number (10,000 '&amp;' took 1.4 s, 40,000 took
# 35 s). No renderer setting avoids it, so their number is bounded before rendering; a real story holds a few
# dozen (a long one with a table in HTML, a few hundred).
MAX_MARKUP_ITEMS = 3_000
_MARKUP_ITEMS = (("character codes such as &amp;", re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")),
                 ("HTML tags", re.compile(r"<[/!?A-Za-z]")))


def _too_many_markup_items(body: str) -> tuple[int, str, int] | None:
    """(how many, of what, where the first one over the limit is) when the body holds too many for rendering."""
    for what, pattern in _MARKUP_ITEMS:
        count, where = 0, 0
        for count, match in enumerate(pattern.finditer(body), start=1):
            if count == MAX_MARKUP_ITEMS + 1:
                where = match.start()
        if count > MAX_MARKUP_ITEMS:
            return count, what, where
    return None


# Deeper than this, Markdown's recursive parser and the browser's layout both suffer; real stories nest two or three.
MAX_NESTING = 12
_NEST_PREFIX = re.compile(r"^((?:[ \t]*(?:>|[-*+]|\d+[.)])[ \t]+)+)", re.MULTILINE)


def _nesting(body: str) -> tuple[int, int]:
    """(deepest nesting of quotes, list items or block HTML that a line opens, where): a cheap bound before rendering."""
    deepest, where = 0, 0
    for match in _NEST_PREFIX.finditer(body):
        prefix = match.group(1)
        depth = max(len(re.findall(r"(?:>|[-*+]|\d+[.)])(?=[ \t])", prefix)), (len(prefix) - len(prefix.lstrip())) // 2)
        if depth > deepest:
            deepest, where = depth, match.start()
    for match in re.finditer(r"(?:<(?:div|blockquote|ul|ol|li|span|table|p)\b[^>]*>\s*){%d,}" % (MAX_NESTING + 1), body):
        depth = match.group().count("<")
        if depth > deepest:
            deepest, where = depth, match.start()
    return deepest, where


# Attributes by which an element loads something (an image, a frame, media, a style sheet) into the page.
_RESOURCE_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "xlink:href")


def external_resources(html: str) -> list[tuple[str, str, str]]:
    """(element, attribute, URL) of every resource the HTML would load from another host: only relative
    addresses (the site's own files) may be embedded; links (<a href>) to other sites stay allowed."""
    found = []
    for (tag, name, value), _count in _Inventory.of(html).attributes.items():
        if tag not in ALLOWED_TAGS or name not in _RESOURCE_ATTRIBUTES:
            continue  # elements the sanitizer removes (<iframe>, <link>, <video>...) are reported as such
        for url in ([part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]):
            if leaves_the_site(url):
                found.append((tag, name, url))
    return sorted(set(found))


# What a browser removes or rewrites before it resolves a URL (WHATWG URL Standard, "basic URL parser"):
# leading and trailing C0 controls and spaces are stripped, every tab and newline is removed, and in a
# special scheme (http, https and a relative URL on an http page) a backslash is a slash. Hand-written
# because no library at hand parses as a browser does (urllib keeps backslashes as path characters).
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(url: str) -> str:
    """`url` as a browser reads it before resolving it: '/\\evil.example/x' becomes '//evil.example/x'."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_URL_EDGES)).replace("\\", "/")


def leaves_the_site(url: str) -> bool:
    """True when `url`, resolved as a browser would, names another host or a scheme: only paths on the site
    itself (relative, or starting with a single '/') stay on it."""
    normal = browser_url(url)
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|//)", normal, re.IGNORECASE))


# Attributes whose value, not only presence, the sanitizer judges: URLs (by scheme) and ids.
_VALUE_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "srcset", "poster", "background", "xlink:href",
                     "id", "class"}


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _first_line_mentioning(body: str, candidates, first_line: int) -> int:
    """The file line of the first thing removed, so the message points at it."""
    lowered = body.lower()
    positions = []
    for needles in candidates:
        found = [i for i in (lowered.find(n.lower()) for n in needles) if i >= 0]
        if found:
            positions.append(found[0])
    return first_line + (body[: min(positions)].count("\n") if positions else 0)


class _Inventory(HTMLParser):
    """Counts elements and attributes. Hand-written on the standard library's tokenizer because all we
    need is a tally to compare before and after sanitizing; the sanitizing itself is nh3's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.attributes: Counter = Counter()

    @classmethod
    def of(cls, html: str) -> "_Inventory":
        inventory = cls()
        inventory.feed(html)
        inventory.close()
        return inventory

    def handle_starttag(self, tag, attrs):
        self.elements[tag] += 1
        for name, value in attrs:
            # Some values are compared too: the sanitizer drops an href whose scheme is not allowed.
            self.attributes[(tag, name, (value or "").strip() if name in _VALUE_ATTRIBUTES else "")] += 1

    handle_startendtag = handle_starttag
