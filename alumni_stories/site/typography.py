"""Japanese line breaking: lines break between phrases, never inside a name, a word or a number with its unit.

Japanese has no spaces, so a browser may break a line between any two characters: ボパリット・カリヤ|ン氏,
第3|期, 2006〜|2007年. BudouX (Google's phrase segmenter, the model behind Chrome's `word-break: auto-phrase`)
finds the phrases; a few rules of ours then join what BudouX still splits (digits and their units, katakana
words and names joined by ・). At build time every Japanese text of a page gets a `<wbr>` (a line-break
opportunity) between its phrases; the stylesheet sets `word-break: keep-all`, so lines break only there.
A phrase holding punctuation (where keep-all still lets a line break) becomes one inline box (class ja-phrase):
it moves to the next line whole, and wraps inside only when it is wider than the whole line, at the places a
long phrase may break (after the middle dots of a katakana name, where a katakana word follows kanji).

Running text (a story's paragraphs, marked by a container of class `running-text`) is set instead as Japanese
is set in print: a line may break between any two characters but where the rules of Japanese line breaking
forbid it (no line starts with 。、」）ー or a small kana: `line-break: strict` in the stylesheet), and the line is
justified. Breaking only between phrases left a long phrase's worth of space to share out over a phone's line
(な　り　ま　し　た　。); breaking anywhere leaves less than a character. Only a number stays with its unit there
(1年, 第2期, 2015年): the browser would break 1|年.
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
_NUMBER_TAIL = set("〜～–-年月日期件名人歳回位番%％.,．，")
_NUMBER_HEAD = set("第〜～–-約")
# A line may break after a slash (between the parts of a story line), a full-width colon (after a label:
# 出典：|JAIFマネージメントチーム) and a space. After a middle dot only inside a phrase too long for a phone's line,
# and only between katakana (the parts of a foreign name or of a list of countries): BudouX keeps
# ティリ・ヤダナ・モー and 日・ASEAN統合基金 whole, and a short name or a proper noun is read whole.
_BREAK_AFTER = "・／："
_SEPARATOR = re.compile(r"(?<=[／： 　])(?=\S)")
_KATAKANA_DOT = re.compile(r"(?<=[\u30a1-\u30fa\u30fc]・)(?=[\u30a1-\u30fa])")
# Inside a phrase, `word-break: keep-all` still lets a line break beside punctuation (〜, 」, ・...): a phrase
# holding any such character is one box (ja-phrase: inline-block, typography.css), never wider than the line; a
# part of a phrase holding one (a link inside the phrase) is kept on one line (ja-keep: nowrap) when short.
_UNPROTECTED = re.compile(r"[^\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fffA-Za-z0-9０-９ 　]")
NOBREAK_LIMIT = 12
NOBREAK_CLASS = "ja-phrase"  # a whole phrase, kept on one line unless wider than the line (typography.css)
KEEP_CLASS = "ja-keep"  # a part of a longer phrase that never breaks (a range of dates, a name, 期／)


def _joined(left: str, right: str) -> bool:
    """True when a line must not break between the phrases `left` and `right`."""
    a, b = left[-1], right[0]
    if a.isspace() or a in _BREAK_AFTER:
        return False
    if b in _NO_LINE_START:  # BudouX may start a phrase with what never starts a line (マシン）|：)
        return True
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
    """`text` cut into the pieces a line may break between (joined back, they are `text`): its phrases, and a
    phrase too long for a phone's line cut further where it may break if it must (see `phrase_parts`).

    `names`: terms that never break inside (the site's own names from data/, such as its track names:
    BudouX, a statistical model, cuts 若手外交官コース into 若手外|交官コース).
    """
    return tuple(part for phrase in phrase_parts(text, names) for part in phrase)


@functools.lru_cache(maxsize=65536)
def phrase_parts(text: str, names: frozenset = frozenset()) -> tuple[tuple[str, ...], ...]:
    """`text`'s phrases, each as the parts it may break between only when the whole phrase is wider than the
    line: a phrase longer than NOBREAK_LIMIT characters breaks after the middle dots of a katakana list or name
    (カンボジア・|ラオス・|ミャンマー・|ベトナムの) and where a katakana word follows kanji; a shorter one is one part."""
    if not JAPANESE.search(text):
        return ((text,),) if text else ()
    pieces: list[str] = []
    for piece in _parser().parse(text):
        for part in _SEPARATOR.split(piece):
            if pieces and _joined(pieces[-1], part):
                pieces[-1] += part
            elif part:
                pieces.append(part)
    whole = _names_whole(pieces, text, names)
    inside = _inside_names(text, names)
    split, start = [], 0
    for phrase in whole:
        split.append(_split_long(phrase, {p - start for p in inside}))
        start += len(phrase)
    return tuple(split)


def _inside_names(text: str, names: frozenset) -> set[int]:
    """The positions in `text` that fall inside one of `names` (a break there would cut the name)."""
    return {position for name in names if name in text
            for start in (m.start() for m in re.finditer(re.escape(name), text))
            for position in range(start + 1, start + len(name))}


def _names_whole(pieces: list[str], text: str, names: frozenset) -> tuple[str, ...]:
    """`pieces` joined wherever a break would fall inside one of `names`, even at a ・ (経済・社会文化コース is
    one name, short enough for any line)."""
    inside = _inside_names(text, names)
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


def _split_long(phrase: str, inside: set[int]) -> tuple[str, ...]:
    """A phrase too long for a phone's heading line may break after the middle dot of a katakana list or name,
    where a katakana word follows kanji, and before a range of dates (（任期|2021年〜2024年）, the range itself kept
    whole); never inside one of the site's names (`inside`: positions in `phrase`)."""
    if len(phrase.strip()) <= NOBREAK_LIMIT:
        return (phrase,)
    cuts = sorted({m.start() for pattern in (_KATAKANA_DOT, _KANJI_KATAKANA, _NUMBER_RANGE)
                   for m in pattern.finditer(phrase)} - inside - {0})
    return tuple(phrase[a:b] for a, b in zip([0, *cuts], [*cuts, len(phrase)]))


# Elements whose text is not running text (code, scripts, templates, SVG), or where <wbr> is not allowed.
_SKIPPED = {"script", "style", "pre", "code", "kbd", "samp", "textarea", "title", "option", "svg", "template", "math"}
# Text meant to stay on one line: ours marked class="one-line" (a date with its note), and the classes the engine
# names for its own (titles cut with an ellipsis; `Engine.one_line_classes`). Chromium breaks at a <wbr> even
# under white-space: nowrap, so none goes in.
ONE_LINE_CLASSES = ("one-line",)
# Containers of running text, set as in print (see the module's docstring); their headings keep phrase breaks.
RUNNING_CLASSES = ("running-text",)


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
                       one_line: tuple[str, ...] = ONE_LINE_CLASSES, running: tuple[str, ...] = RUNNING_CLASSES) -> str:
    """The page with a <wbr> between the phrases of every Japanese text in its <body>; nothing else changes.

    Phrases are found in each run of text between block tags (a paragraph, a list item, a heading), across
    the inline tags inside it, so a link or a bold number does not cut the sentence BudouX reads.
    `names`: terms never broken inside (see `phrases`); `one_line`: classes of elements whose text stays whole;
    `running`: classes of containers of running text, whose paragraphs get no phrase breaks, only their numbers
    kept with their units (see the module's docstring)."""
    one_line_class = _one_line(tuple(one_line))
    running_class = _one_line(tuple(running))
    start = page_html.find("<body")
    if start < 0:
        return page_html
    out = [page_html[:start]]
    run: list[int] = []  # where in `out` the text pieces of the current run of inline text stand
    skipping: list[str] = []
    in_running: list[str] = []  # the elements open inside a container of running text, the container first
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
                _break_run(out, run, names, running=_in_running_paragraph(in_running))
            # Inside skipped text every element is counted, so a <span> in a one-line <span> ends nothing early;
            # inside running text too, so that its container's end is found.
            if tag.group(1):
                if skipping:
                    skipping.pop()
                if in_running and name not in _VOID:
                    in_running.pop()
            elif name not in _VOID and not token.endswith("/>"):
                if skipped or skipping:
                    skipping.append(name)
                if in_running or running_class.search(token):
                    in_running.append(name)
        out.append(token)
    _break_run(out, run, names)
    return "".join(out)


def _in_running_paragraph(open_elements: list[str]) -> bool:
    """Whether text inside these elements (a running-text container and what is open in it, innermost last) is a
    paragraph or list item of running text: its innermost block element is a <p> or <li>, as the stylesheet's
    `.running-text :is(p, li)` says. A heading, a table cell or a caption in the container keeps its phrase breaks:
    the stylesheet sets them as short lines, and a cell without a <wbr> could not break at all."""
    for name in reversed(open_elements[1:]):
        if name not in _INLINE:
            return name in ("p", "li")
    return False


def _break_run(out: list[str], run: list[int], names: frozenset, running: bool = False) -> None:
    """Put <wbr> between the phrases of the text pieces out[i] for i in `run` (one run of inline text); in
    `running` text, keep only its numbers with their units instead."""
    texts = [html.unescape(out[i]) for i in run]
    whole = "".join(texts)
    if running and JAPANESE.search(whole):
        last_char = ""
        for index, text in zip(run, texts):
            joiner = "\u2060" if text and _DIGIT.match(last_char) and text[0] in _NUMBER_TAIL else ""
            finished = joiner + _NUMBER_WORD.sub(
                lambda m: f'<span class="{KEEP_CLASS}">{m.group(0)}</span>' if not m.group(0).isdigit()
                else m.group(0), html.escape(text, quote=False))
            if finished != html.escape(text, quote=False):
                out[index] = finished
            last_char = text.rstrip()[-1:] or last_char
    elif JAPANESE.search(whole):
        breaks, soft, position = set(), set(), 0  # between phrases; inside a long phrase, if it must break
        for phrase in phrase_parts(whole, names):
            for part in phrase:
                position += len(part)
                soft.add(position)
            breaks.add(position)
        soft -= breaks
        breaks.discard(len(whole))
        offset, last_char = 0, ""
        for index, text in zip(run, texts):
            cuts = [b - offset for b in sorted(breaks) if offset < b < offset + len(text)]
            # <strong>1999</strong>年: a tag between a number and its unit is a break opportunity in Chromium
            # even with keep-all; a word joiner (U+2060, invisible) takes it away.
            joiner = "\u2060" if (offset not in breaks and text and _DIGIT.match(last_char)
                                   and text[0] in _NUMBER_TAIL) else ""
            starts = [0, *cuts]
            segments = [(text[a:b], offset + a) for a, b in zip(starts, [*cuts, len(text)])]
            if offset in breaks:
                segments.insert(0, ("", offset))
            # Even a text of one phrase gets its protection (a table cell's 2006年〜2007年 is one phrase).
            finished = joiner + "<wbr>".join(
                _phrase_html(segment, names, tuple(p - at for p in sorted(soft) if at < p < at + len(segment)),
                             whole=_boxable(whole, at, len(segment), breaks))
                if segment else "" for segment, at in segments)
            if finished != html.escape(text, quote=False):
                out[index] = finished
            offset += len(text)
            last_char = text.rstrip()[-1:] or last_char
    run.clear()


# What never starts a line: a text ending just before one of these may be a box of its own (see `_boxable`).
_NO_LINE_START = set("、。，．,.)）」』】〕〉》”’：；！？!?")


def _boxable(text: str, at: int, length: int, breaks: set[int]) -> bool:
    """True when text[at:at + length] may be one box on a line: it starts a phrase, and the rest of its phrase
    (after a link that ends before 、 or 」) is only what may not start a line anyway, so that the box's edges
    open no break inside the phrase."""
    if at == 0 and text[:1] in _NO_LINE_START:  # after inline code (`later_roles`）に): a box would open a break
        return False                           # before the ）; kept on one line (ja-keep), it opens none
    start = max((b for b in breaks if b <= at), default=0)
    if text[start:at].strip():  # (white space between the phrase's start and this text node is no text)
        return False
    end = min((b for b in breaks if b >= at + length), default=len(text))
    return all(c in _NO_LINE_START or c.isspace() for c in text[at + length:end])


# A number with what belongs to it in running text: 第2期, 約30人, 1年, 10か国. A line may break between the parts
# of a date (2018年|4月) and after the 〜 of a range (2015年〜|2016年), never before it (line-break: strict): kept
# whole, they left half a line empty on a phone.
_UNIT = r"(?:か国|カ国|ヶ国|ヵ国|か月|カ月|ヶ月|年間|時間|週間|日間|[年月日期件名人歳回位番時倍%％])"
_NUMBER_WORD = re.compile(rf"[第約]?[0-9０-９]+(?:[.,．，][0-9０-９]+)*{_UNIT}?")
_NUMBER_RANGE = re.compile(r"[0-9０-９]+(?:年[0-9０-９]+月|[年月日])?[〜～–-][0-9０-９]+(?:年[0-9０-９]+月|[年月日期])?")
# A full-width slash may end a line but never start one (Chromium breaks before ／ even with keep-all).
_BEFORE_SLASH = re.compile(r"[^\s<>&／]／")


def _phrase_html(piece: str, names: frozenset = frozenset(), soft: tuple[int, ...] = (), whole: bool = False) -> str:
    """`piece` (a phrase, or the part of one that stands in one text node) as HTML. `soft`: where inside it a
    long phrase may break if it is wider than the line; `whole`: `piece` is a whole phrase."""
    core = piece.strip()
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
    parts = [piece[a:b] for a, b in zip([0, *soft], [*soft, len(piece)])]
    punctuated = 1 < len(core) and _UNPROTECTED.search(core[:-1])
    if whole and (punctuated or len(core) > NOBREAK_LIMIT):
        # One box, on one line unless wider than the line; then it wraps at `soft` (typography.css), not at any
        # character (ASEAN事務局アタ|ッチメント in a phone's heading). The spaces around the phrase stay outside
        # its box, where they still separate words. A short phrase of letters alone needs no box: keep-all
        # keeps it whole.
        inner = "<wbr>".join(_kept(part, names) for part in _strip_parts(parts))
        return f'{html.escape(lead, quote=False)}<span class="{NOBREAK_CLASS}">{inner}</span>{html.escape(trail, quote=False)}'
    if punctuated and len(core) <= NOBREAK_LIMIT:  # part of a phrase: kept whole, with no box of its own
        return f'{html.escape(lead, quote=False)}<span class="{KEEP_CLASS}">{html.escape(core, quote=False)}</span>' \
               f'{html.escape(trail, quote=False)}'
    # Part of a long phrase, outside any box: no break of ours inside it (a <wbr> here would be taken even when
    # the phrase fits on the next line); only one wider than the whole line wraps (overflow-wrap).
    return _kept(piece, names)


def _strip_parts(parts: list[str]) -> list[str]:
    """`parts` without the white space before the first and after the last."""
    parts = list(parts)
    parts[0], parts[-1] = parts[0].lstrip(), parts[-1].rstrip()
    return [part for part in parts if part]


def _kept(text: str, names: frozenset) -> str:
    """`text` escaped, with what must never break kept on one line: a range of numbers such as 2016〜2017年 or
    2023年2月〜2024年1月, one of the site's names at its punctuation (経済・社会文化コース: the browser may break
    after ・ even with keep-all), a character and the slash after it."""
    return _protected(names).sub(lambda m: f'<span class="{KEEP_CLASS}">{m.group(0)}</span>',
                                 html.escape(text, quote=False))


@functools.lru_cache(maxsize=8)
def _protected(names: frozenset) -> re.Pattern:
    punctuated = sorted((html.escape(n, quote=False) for n in names if _UNPROTECTED.search(n)), key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, punctuated), _NUMBER_RANGE.pattern, _BEFORE_SLASH.pattern]))
