"""Japanese line breaking: lines break between phrases, never inside a name, a word or a number with its unit.

Japanese has no spaces, so a browser may break a line between any two characters: ボパリット・カリヤ|ン氏,
第3|期, 2006〜|2007年. BudouX (Google's phrase segmenter, the model behind Chrome's `word-break: auto-phrase`)
finds the phrases; a few rules of ours then join what BudouX still splits (digits and their units, katakana
words and names joined by ・). At build time every Japanese text of a page gets a `<wbr>` (a line-break
opportunity) between its phrases; the stylesheet sets `word-break: keep-all`, so lines break only there.
"""
from __future__ import annotations

import functools
import html
import re

import budoux

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]")  # includes ・ and ー
_DIGIT = re.compile(r"[0-9０-９]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# What follows a number and belongs to it: a range sign and the next number, a unit or counter.
_NUMBER_TAIL = set("〜～–-年月日期件名人歳回位%％.,．，")
_NUMBER_HEAD = set("第〜～–-約")
# A line may break after a middle dot (between the parts of a foreign name, or of a list), a slash (between
# the parts of a story line), a full-width colon (after a label: 出典：|JAIFマネージメントチーム) and a space.
_BREAK_AFTER = "・／："
_MIDDLE_DOT = re.compile(r"(?<=[・／： 　])(?=\S)")
# Inside a phrase, `word-break: keep-all` still lets a line break beside punctuation (〜, 」, ・...): short
# phrases holding any such character are kept on one line whole (white-space: nowrap, typography.css);
# longer ones are left to wrap, so that no phrase can push a line past the screen.
_UNPROTECTED = re.compile(r"[^\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fffA-Za-z0-9０-９ 　]")
NOBREAK_LIMIT = 12
NOBREAK_CLASS = "ja-phrase"


def _joined(left: str, right: str) -> bool:
    """True when a line must not break between the phrases `left` and `right`."""
    a, b = left[-1], right[0]
    if a.isspace() or a in _BREAK_AFTER:
        return False
    if _DIGIT.match(a) and (_DIGIT.match(b) or b in _NUMBER_TAIL):
        return True
    if a in _NUMBER_HEAD and _DIGIT.match(b):
        return True
    if _KATAKANA.match(a) and _KATAKANA.match(b) and a != "・" and not left.endswith((" ", "　")):  # アタッチ|メント
        return True
    return bool(_ASCII_WORD.match(a) and _ASCII_WORD.match(b))  # JA|IF


@functools.lru_cache(maxsize=1)
def _parser():
    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=65536)  # headers, footers and labels repeat on every page
def phrases(text: str, names: frozenset = frozenset()) -> tuple[str, ...]:
    """`text` cut into the pieces a line may break between (joined back, they are `text`).

    `names`: terms that never break inside (the site's own names from data/, such as its track names:
    BudouX, a statistical model, cuts 若手外交官コース into 若手外|交官コース).
    """
    if not JAPANESE.search(text):
        return (text,) if text else ()
    pieces: list[str] = []
    for piece in _parser().parse(text):
        for part in _MIDDLE_DOT.split(piece):  # ティリ・|ヤダナ・|モー氏: where a foreign name may break
            if pieces and _joined(pieces[-1], part):
                pieces[-1] += part
            elif part:
                pieces.append(part)
    return _names_whole([part for piece in pieces for part in _split_long(piece)], text, names)


def _names_whole(pieces: list[str], text: str, names: frozenset) -> tuple[str, ...]:
    """`pieces` joined wherever a break would fall inside one of `names`, even at a ・ (経済・社会文化コース is
    one name, short enough for any line)."""
    inside = {position for name in names if name in text
              for start in (m.start() for m in re.finditer(re.escape(name), text))
              for position in range(start + 1, start + len(name))}
    joined: list[str] = []
    end = 0
    for piece in pieces:
        if joined and end in inside:
            joined[-1] += piece
        else:
            joined.append(piece)
        end += len(piece)
    return tuple(joined)


_KANJI_KATAKANA = re.compile(r"(?<=[\u3400-\u9fff])(?=[\u30a1-\u30fa])")


def _split_long(piece: str) -> list[str]:
    """A phrase too long for a phone's heading line may break where a katakana word follows kanji."""
    return _KANJI_KATAKANA.split(piece) if len(piece) > NOBREAK_LIMIT else [piece]


# Elements whose text is not running text (code, scripts, templates, SVG), or where <wbr> is not allowed.
_SKIPPED = {"script", "style", "pre", "code", "kbd", "samp", "textarea", "title", "option", "svg", "template", "math"}
# Text meant to stay on one line: ours marked class="one-line" (a date with its note), and the classes the engine
# names for its own (titles cut with an ellipsis; `Engine.one_line_classes`). Chromium breaks at a <wbr> even
# under white-space: nowrap, so none goes in.
ONE_LINE_CLASSES = ("one-line",)


@functools.lru_cache(maxsize=8)
def _one_line(classes: tuple[str, ...]) -> re.Pattern:
    return re.compile(r'class="(?:[^"]*\s)?(?:' + "|".join(map(re.escape, classes)) + r')[\s"]')


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


# Elements that do not end a line of text: their text is cut into phrases together with the text around
# them, as a reader reads it (<strong>88</strong>名にのぼります is one sentence; cut alone, 名にの|ぼります).
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "data", "dfn", "em", "i", "mark", "q", "s", "small", "span",
           "strong", "sub", "sup", "time", "u", "var", "wbr"}


def with_phrase_breaks(page_html: str, names: frozenset = frozenset(),
                       one_line: tuple[str, ...] = ONE_LINE_CLASSES) -> str:
    """The page with a <wbr> between the phrases of every Japanese text in its <body>; nothing else changes.

    Phrases are found in each run of text between block tags (a paragraph, a list item, a heading), across
    the inline tags inside it, so a link or a bold number does not cut the sentence BudouX reads.
    `names`: terms never broken inside (see `phrases`); `one_line`: classes of elements whose text stays whole."""
    one_line_class = _one_line(tuple(one_line))
    start = page_html.find("<body")
    if start < 0:
        return page_html
    out = [page_html[:start]]
    run: list[int] = []  # where in `out` the text pieces of the current run of inline text stand
    skipping: list[str] = []
    for token in _TOKEN.split(page_html[start:]):
        if not token:
            continue
        if token[0] != "<":
            if not skipping:
                run.append(len(out))
            out.append(token)
            continue
        tag = _TAG.match(token)
        if tag:
            name = tag.group(2).lower()
            skipped = name in _SKIPPED or one_line_class.search(token) is not None
            if name not in _INLINE or skipped:
                _break_run(out, run, names)
            # Inside skipped text every element is counted, so a <span> in a one-line <span> ends nothing early.
            if tag.group(1):
                if skipping:
                    skipping.pop()
            elif (skipped or skipping) and name not in _VOID and not token.endswith("/>"):
                skipping.append(name)
        out.append(token)
    _break_run(out, run, names)
    return "".join(out)


def _break_run(out: list[str], run: list[int], names: frozenset) -> None:
    """Put <wbr> between the phrases of the text pieces out[i] for i in `run` (one run of inline text)."""
    texts = [html.unescape(out[i]) for i in run]
    whole = "".join(texts)
    if JAPANESE.search(whole):
        breaks, position = set(), 0
        for piece in phrases(whole, names)[:-1]:
            position += len(piece)
            breaks.add(position)
        offset, last_char = 0, ""
        for index, text in zip(run, texts):
            cuts = [b - offset for b in sorted(breaks) if offset <= b < offset + len(text)]
            # <strong>1999</strong>年: a tag between a number and its unit is a break opportunity in Chromium
            # even with keep-all; a word joiner (U+2060, invisible) takes it away.
            joiner = "\u2060" if (offset not in breaks and text and _DIGIT.match(last_char)
                                   and text[0] in _NUMBER_TAIL) else ""
            if cuts or joiner:
                segments = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
                out[index] = joiner + "<wbr>".join(_phrase_html(segment, names) if segment else "" for segment in segments)
            offset += len(text)
            last_char = text.rstrip()[-1:] or last_char
    run.clear()


_NUMBER_RANGE = re.compile(r"[0-9０-９]+[年月日]?[〜～–-][0-9０-９]+[年月日期]?")


def _phrase_html(piece: str, names: frozenset = frozenset()) -> str:
    text = html.escape(piece, quote=False)
    core = piece.strip()
    if 1 < len(core) <= NOBREAK_LIMIT and _UNPROTECTED.search(core[:-1]):
        return f'<span class="{NOBREAK_CLASS}">{text}</span>'
    # A longer phrase may wrap, but never inside a range of numbers such as 2016〜2017年, nor inside one of the
    # site's names at its punctuation (経済・社会文化コース: the browser may break after ・ even with keep-all).
    return _protected(names).sub(lambda m: f'<span class="{NOBREAK_CLASS}">{m.group(0)}</span>', text)


@functools.lru_cache(maxsize=8)
def _protected(names: frozenset) -> re.Pattern:
    punctuated = sorted((html.escape(n, quote=False) for n in names if _UNPROTECTED.search(n)), key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, punctuated), _NUMBER_RANGE.pattern]))
