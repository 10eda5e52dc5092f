"""Share images (the picture a chat app or social network shows with a link), drawn with Pillow.

One image per story and language (name, country and batch, pull quote) and one per language for every other
page, in the site's identity: its colours (alumni_stories/palette.py), the headings' serif for the name and
the quote (the pages' --font-display), the photo as the pages show it, or the same placeholder (initials on
paper, in a thin circle) where there is none.

Every script of the programme's countries is drawn, and emoji: each text is cut into runs, each run drawn with
the first face of a fallback chain that has its characters. The faces are Debian's Noto families, found through
fontconfig (scripts/bootstrap.sh installs them): fonts-noto-cjk for Japanese, fonts-noto-core for Latin with
Vietnamese, Khmer, Lao, Myanmar and Thai, fonts-noto-color-emoji for emoji. Runs are shaped by libraqm when
Pillow has it (Khmer, Lao, Myanmar and Thai need shaping: marks stacked and reordered; emoji sequences joined).
Noto Color Emoji is a colour bitmap (CBDT) font with one size, 109 px: an emoji run is drawn at that size in
colour and scaled to the text around it.

What no face of the chain has is a content problem: the validator (outputs/validation.py) asks
`Fonts.undrawable` before anything is written, and names the file and the field. Drawing never refuses content
(the preview goes on with the problem shown; its image shows the font's box there).

Images are cached by content: the file name carries a hash of everything that is drawn (text, fonts, portrait,
the store's fingerprint of this module and Pillow), so the two language passes and later builds reuse what is
already drawn. Every write goes through the store (alumni_stories/store.py).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from alumni_stories import palette, store
from alumni_stories.media import pool
from alumni_stories.site import typography

# What draws the images: a change to this file or to Pillow gives every image a new name, so it is redrawn.
WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter cards show without cropping
FONT_ENV = "ALUMNI_STORIES_FONT"  # a font file with Japanese glyphs, to use instead of fontconfig's choice
FONT_BOLD_ENV = "ALUMNI_STORIES_FONT_BOLD"
NOTO = "/usr/share/fonts/truetype/noto/"  # Debian's fonts-noto-core and fonts-noto-color-emoji
# Debian's fonts-noto-cjk, where fontconfig is missing; index 0 of these collections is the Japanese face.
KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
KNOWN_SERIF_CJK = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
JAPANESE_SAMPLE = "日本語のストーリー・アタッチメント修了生「第8期」〜"
LATIN_SAMPLE = "Việt Nam ắổữđ"
# The scripts of the programme's countries beyond Latin and Japanese (fonts-noto-core): a letter of each.
SCRIPTS = {"Khmer": "ក", "Lao": "ກ", "Myanmar": "က", "Thai": "ก"}
EMOJI_FAMILY, EMOJI_SAMPLE, EMOJI_FILE = "Noto Color Emoji", "🙂", NOTO + "NotoColorEmoji.ttf"
FONT_PACKAGES = "fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji"
# Shaping: libraqm when this Pillow has it (Pillow's wheels bring it and load Debian's libfribidi0 at run time;
# libraqm0 is installed too), else Pillow's basic layout (each character its own glyph, marks unstacked).
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

INK = palette.rgb(palette.INK)
MUTED = palette.rgb(palette.MUTED)
NAVY = palette.rgb(palette.NAVY)
ACCENT = palette.rgb(palette.TERRACOTTA)
PAPER = palette.rgb(palette.PAPER)
WHITE = palette.rgb(palette.WHITE)
RULE = palette.rgb(palette.RULE)


class FontError(Exception):
    """No usable font: the message says what to install."""


_fonts: dict = {}


def _load_font(path: str, index: int, size: int, basic: bool = False) -> ImageFont.FreeTypeFont:
    """A face at a size, opened once (a CJK collection is large); `basic`: unshaped, to read the font's own map."""
    key = (path, index, size, basic)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(path, size, index=index,
                                         layout_engine=ImageFont.Layout.BASIC if basic else LAYOUT)
    return _fonts[key]


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0
    bitmap_size: int = 0  # a colour bitmap font (Noto Color Emoji, CBDT) exists at this one size only

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return _load_font(self.path, self.index, self.bitmap_size or size)

    def identity(self) -> str:
        stat = os.stat(self.path)
        return f"{self.path}#{self.index}:{stat.st_size}"

    def has(self, char: str) -> bool:
        """Whether this face draws `char`, not its "missing glyph" box; asked once per face and character."""
        key = (self.path, self.index, char)
        if key not in _has_char:
            font = _load_font(self.path, self.index, self.bitmap_size or 24, basic=True)
            colour = bool(self.bitmap_size)
            _has_char[key] = _signature(font, char, colour) != _signature(font, NOTDEF, colour)
        return _has_char[key]


NOTDEF = "\U0010fffd"  # a private-use code point that no font maps: drawn, it is the font's missing glyph
# Drawing each character's mask to see whether the font has it was a quarter of a share image's cost (50 ms each,
# 4,000 images at 2,000 alumni), for the same few hundred characters again and again.
_has_char: dict = {}
_notdefs: dict = {}


def _signature(font: ImageFont.FreeTypeFont, char: str, colour: bool) -> tuple:
    """The pixels `font` draws for `char` alone, unshaped."""
    key = (font.path, font.index, font.size)
    if char == NOTDEF and key in _notdefs:
        return _notdefs[key]
    if colour:
        left, top, right, bottom = font.getbbox(char, mode="RGBA")
        image = Image.new("RGBA", (max(1, right - min(0, left)), max(1, bottom - min(0, top))))
        ImageDraw.Draw(image).text((-min(0, left), -min(0, top)), char, font=font, embedded_color=True)
        found = (image.size, image.tobytes())
    else:
        mask = font.getmask(char)
        found = (mask.size, bytes(mask))
    if char == NOTDEF:
        _notdefs[key] = found
    return found


# Characters that belong to the run of the character before them: marks (stacked and reordered by shaping),
# joiners, variation selectors, the keycap sign, emoji skin tones and tag characters (flags of regions).
_JOINERS = {"\u200c", "\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def _modifier(char: str) -> bool:
    return 0x1F3FB <= ord(char) <= 0x1F3FF or 0xE0020 <= ord(char) <= 0xE007F


def _attaches(char: str, previous: str) -> bool:
    alone = _ATTACHING.get(char)
    if alone is None:
        alone = _ATTACHING[char] = (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in _JOINERS
                                    or _modifier(char))
    return alone or previous == "\u200d"


# Asked of every character of every line measured (wrapping measures a line again with each word added): the
# answer of each character kept (issue 27: text layout was half of a share image's drawing time).
_ATTACHING: dict = {}


def _wants_emoji(text: str, index: int) -> bool:
    """Drawn as a colour picture: the pictographs from U+1F000, and any character asked for as emoji (U+FE0F)."""
    return ord(text[index]) >= 0x1F000 or text[index + 1:index + 2] == "\ufe0f"


def _ignorable(char: str) -> bool:
    """Characters that draw nothing themselves (spaces, joiners, selectors) or only with their base."""
    return (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp") or char in _JOINERS
            or _modifier(char))


_UNKNOWN = object()


@dataclass(frozen=True)
class Chain:
    """A font fallback chain: each character is drawn by the first face that has it (an emoji by the emoji face)."""
    faces: tuple
    # (character, as emoji) -> its face, found once per chain: asked of every character of every line measured.
    _found: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def load(self, size: int) -> "ChainFont":
        return ChainFont(self, size)

    def identity(self) -> str:
        return "|".join(face.identity() for face in self.faces)

    def face_for(self, char: str, emoji: bool = False) -> FontFace | None:
        found = self._found.get((char, emoji), _UNKNOWN)
        if found is _UNKNOWN:
            found = self._found[char, emoji] = self._first_face(char, emoji)
        return found

    def _first_face(self, char: str, emoji: bool) -> FontFace | None:
        if emoji:
            colour = next((face for face in self.faces if face.bitmap_size and face.has(char)), None)
            if colour:
                return colour
        return next((face for face in self.faces if face.has(char)), None)

    def missing(self, text: str) -> list[str]:
        """The characters of `text` no face of the chain draws, in order of first appearance."""
        return [char for char in dict.fromkeys(text) if not _ignorable(char) and self.face_for(char) is None]

    def runs(self, text: str) -> list[tuple[FontFace, str]]:
        """`text` cut into runs of one face each (marks, joiners and skin tones stay with their base; a space
        with the text before it)."""
        runs: list[list] = []
        for index, char in enumerate(text):
            previous = text[index - 1] if index else ""
            if runs and (_attaches(char, previous) or (char.isspace() and not runs[-1][0].bitmap_size)):
                runs[-1][1] += char
                continue
            face = self.face_for(char, _wants_emoji(text, index)) or self.faces[0]  # none: the validator said so
            if runs and runs[-1][0] is face:  # (a chain holds each face once: the same face is the same object)
                runs[-1][1] += char
            else:
                runs.append([face, char])
        return [(face, run) for face, run in runs]


class ChainFont:
    """A chain at one size: measures and draws text run by run (what a FreeTypeFont does for one face)."""

    def __init__(self, chain: Chain, size: int):
        self.chain, self.size = chain, size

    def _scale(self, face: FontFace) -> float:
        return self.size / face.bitmap_size if face.bitmap_size else 1.0

    def getlength(self, text: str) -> float:
        return sum(face.load(self.size).getlength(run) * self._scale(face) for face, run in self.chain.runs(text))

    def getmask(self, text: str):
        """The mask of `text` drawn by the face that draws its first character (for one-face texts)."""
        return (self.chain.face_for(text[:1]) or self.chain.faces[0]).load(self.size).getmask(text)

    def ascent(self) -> int:
        return self.chain.faces[0].load(self.size).getmetrics()[0]

    def draw(self, image: Image.Image, xy: tuple, text: str, fill) -> None:
        """Draw `text` with its top left at `xy` (the first face's ascent above the baseline)."""
        x, baseline = xy[0], xy[1] + self.ascent()
        draw = ImageDraw.Draw(image)
        for face, run in self.chain.runs(text):
            font = face.load(self.size)
            if face.bitmap_size:
                x += _paste_emoji(image, (x, baseline), run, font, self._scale(face))
            else:
                draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
                x += font.getlength(run)


def _paste_emoji(image: Image.Image, xy: tuple, run: str, font: ImageFont.FreeTypeFont, scale: float) -> float:
    """Draw an emoji run in colour at the font's one size and paste it scaled to the text; returns its width."""
    ascent, descent = font.getmetrics()
    width = max(1, math.ceil(font.getlength(run)))
    drawn = Image.new("RGBA", (width, ascent + descent))
    ImageDraw.Draw(drawn).text((0, ascent), run, font=font, embedded_color=True, anchor="ls")
    drawn = drawn.resize((max(1, round(width * scale)), max(1, round((ascent + descent) * scale))), Image.LANCZOS)
    image.paste(drawn, (round(xy[0]), round(xy[1] - ascent * scale)), drawn)
    return width * scale


@dataclass(frozen=True)
class Fonts:
    """The chains of the images: the running text, its bold, and the display serif of names and quotes (the
    pages' --font-display). A single FontFace is a chain of one face; the display chains default to the others."""
    regular: Chain
    bold: Chain
    display: Chain | None = None
    display_bold: Chain | None = None

    def __post_init__(self):
        for name in ("regular", "bold", "display", "display_bold"):
            value = getattr(self, name)
            if isinstance(value, FontFace):
                object.__setattr__(self, name, Chain((value,)))
        object.__setattr__(self, "display", self.display or self.regular)
        object.__setattr__(self, "display_bold", self.display_bold or self.bold)

    def chains(self) -> tuple:
        return (self.regular, self.bold, self.display, self.display_bold)

    def identity(self) -> str:
        return f"{LAYOUT.name}:" + "/".join(chain.identity() for chain in self.chains())

    def undrawable(self, text: str) -> list[str]:
        """The characters of `text` some chain of the images cannot draw (the validator's question)."""
        kept = _undrawable_texts.get(id(self))  # by identity: hashing the chains at each call cost as much
        if kept is None or kept[0] is not self:
            kept = _undrawable_texts[id(self)] = (self, {})
        texts = kept[1]
        if text in texts:
            return list(texts[text])
        known = _drawable.setdefault(self, {})  # char -> drawn by every chain; faces are files, chains frozen
        found = []
        for char in dict.fromkeys(text):
            if char not in known:
                known[char] = not any(chain.missing(char) for chain in self.chains())
            if not known[char]:
                found.append(char)
        if len(texts) > 50_000:
            texts.clear()
        texts[text] = tuple(found)
        return found


# The validator asks about every name, honorific and quote of every story at every build, and the preview at every
# save: 2,000 texts at 1,000 alumni were 6 to 7 s of a preview's save, for the same few hundred characters.
_drawable: dict = {}
# And by whole text, for the one Fonts of the process (find_fonts): the same texts again at every save, each
# character of each looked up was 0.2 s of a save at 1,000 alumni.
_undrawable_texts: dict = {}  # id(fonts) -> (fonts, {text: undrawable characters})


@dataclass(frozen=True)
class ShareCard:
    """Everything drawn on one image. `key` names the file (a story's slug, or "site")."""

    key: str
    language: str
    title: str
    line: str
    quote: str  # with its quotation marks
    site_name: str
    initials: str = ""  # drawn on the placeholder when there is no portrait; no placeholder when empty too
    portrait: str | None = None  # an image file to show, when the story has one

    def text(self) -> str:
        return self.title + self.line + self.quote + self.site_name + self.initials


# --- Fonts -----------------------------------------------------------------------------------------------

def missing_glyphs(font, text: str) -> list[str]:
    """The characters of `text` that `font` (one face, or a chain at a size) draws as its "missing glyph" box."""
    chain = font.chain if isinstance(font, ChainFont) else Chain((FontFace(font.path, font.index),))
    return sorted(chain.missing(text))


def _fontconfig_face(pattern: str) -> FontFace | None:
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True,
                               timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = found.partition("|")
    return FontFace(path, int(index or 0)) if path and Path(path).is_file() else None


def _covers(face: FontFace | None, sample: str) -> bool:
    try:
        return face is not None and all(face.has(char) for char in sample if not char.isspace())
    except OSError:
        return False


def _covers_japanese(face: FontFace | None) -> bool:
    return _covers(face, JAPANESE_SAMPLE)


def _face(pattern: str, known: str, sample: str) -> FontFace | None:
    """Debian's file `known`, else fontconfig's face for `pattern`, if it draws `sample` (fc-match always answers,
    with another family when the one asked for is missing). The file first: a dozen fc-match runs were most of
    the check's time."""
    if Path(known).is_file() and _covers(FontFace(known), sample):
        return FontFace(known)
    face = _fontconfig_face(pattern)
    return face if _covers(face, sample) else None


def _emoji_face() -> FontFace | None:
    for face in (FontFace(EMOJI_FILE) if Path(EMOJI_FILE).is_file() else None, _fontconfig_face(EMOJI_FAMILY)):
        if face is None or "emoji" not in Path(face.path).name.lower():
            continue
        try:
            _load_font(face.path, face.index, 24)
            candidate = face  # a scalable emoji font
        except OSError:  # a colour bitmap font: its one size
            candidate = FontFace(face.path, face.index, bitmap_size=109)
        if _covers(candidate, EMOJI_SAMPLE):
            return candidate
    return None


_found: dict = {}


def find_fonts(environ=os.environ) -> Fonts:
    """The font chains of the images (found once per process); FontError saying what to install if no face
    draws Japanese and Latin. A script without its font is no error here: the validator names each character
    that no face draws, in the file and field that holds it."""
    key = (environ.get(FONT_ENV, ""), environ.get(FONT_BOLD_ENV, ""), _fontconfig_face, KNOWN_FONTS)
    if key not in _found:
        _found[key] = _find_fonts(*key[:2])
    return _found[key]


def _find_fonts(regular_env: str, bold_env: str) -> Fonts:
    candidates = []
    if regular_env:
        regular = FontFace(regular_env)
        candidates.append((regular, FontFace(bold_env) if bold_env else regular))
    candidates.append((_fontconfig_face(":lang=ja"), _fontconfig_face(":lang=ja:weight=bold")))
    candidates += [(FontFace(r), FontFace(b)) for r, b in KNOWN_FONTS if Path(r).is_file() and Path(b).is_file()]
    for regular, bold in candidates:
        if _covers_japanese(regular):
            bold = bold if _covers_japanese(bold) else regular
            break
    else:
        raise FontError("no font with Japanese glyphs was found for the share images -> install one: "
                        f"'apt-get install {FONT_PACKAGES}' (scripts/bootstrap.sh does it when it is missing; "
                        "the package with Japanese is fonts-noto-cjk), or set "
                        f"{FONT_ENV} to a .ttf/.otf/.ttc file with Japanese glyphs")
    if regular_env:  # a font chosen in the environment: that font only, as asked
        return Fonts(regular, bold)
    emoji = _emoji_face()
    return Fonts(*(_chain(first, weight, serif, emoji) for first, weight, serif in
                   ((regular, "regular", False), (bold, "bold", False), (regular, "regular", True),
                    (bold, "bold", True))))


def _chain(japanese: FontFace, weight: str, serif: bool, emoji: FontFace | None) -> Chain:
    """Latin (with Vietnamese) and Japanese, then Khmer, Lao, Myanmar, Thai, then emoji. The display chain is
    serif first (the pages' --font-display: Noto Serif, Noto Serif CJK JP) and falls back on the sans faces."""
    style = "Bold" if weight == "bold" else "Regular"
    faces: list = []
    if serif:
        faces.append(_face(f"Noto Serif:weight={weight}", f"{NOTO}NotoSerif-{style}.ttf", LATIN_SAMPLE))
        faces.append(_face(f"Noto Serif CJK JP:weight={weight}", KNOWN_SERIF_CJK[weight == "bold"], JAPANESE_SAMPLE))
    faces.append(japanese)
    for script, sample in SCRIPTS.items():
        for family in (("Noto Serif", "Noto Sans") if serif else ("Noto Sans",)):
            faces.append(_face(f"{family} {script}:weight={weight}",
                               f"{NOTO}{family.replace(' ', '')}{script}-{style}.ttf", sample))
    faces.append(_face(f"Noto Sans:weight={weight}", f"{NOTO}NotoSans-{style}.ttf", LATIN_SAMPLE))
    faces.append(emoji)
    return Chain(tuple(dict.fromkeys(face for face in faces if face is not None)))


# --- Line breaking ---------------------------------------------------------------------------------------
# Hand-written: Pillow measures text but does not wrap it, and textwrap counts characters, not pixels, and
# knows no Japanese rules (no line may start with 。 or 」, none may end with 「). Japanese breaks between the
# phrases BudouX finds (site/typography.py, as on the pages): 持ち帰る stays whole.

_NO_LINE_START = set("、。，．,.・：；:;？！?!ー―〜」』）〕］｝〉》】”’)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("「『（〔［｛〈《【“‘([{")
# After these, a cut would split a cluster (Khmer coeng, Myanmar virama: the next consonant is stacked below).
_NO_CUT_AFTER = set("\u17d2\u1039\u200d")


def _tokens(text: str) -> list[str]:
    """Break opportunities: a space; a word of spaced scripts (Latin, Khmer, Thai... between spaces) is one
    token; Japanese is cut into BudouX's phrases; any other wide character is its own token."""
    tokens: list[str] = []
    for run in _runs(_chunks(text)):
        if run == [" "]:
            if tokens and tokens[-1] != " ":
                tokens.append(" ")
        elif typography.JAPANESE.search("".join(run)):
            # The whole run between spaces, Latin letters included: BudouX keeps "ASEAN事務局から" one phrase,
            # which a Japanese chunk alone ("事務局から") let break after ASEAN.
            tokens += typography.phrases("".join(run))
        else:
            tokens += run
    glued: list[str] = []  # no break before 。 or 」, none after 「: such a token joins its neighbour
    for token in tokens:
        if glued and token != " " and glued[-1] != " " and (token[0] in _NO_LINE_START or glued[-1][-1] in _NO_LINE_END):
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def _runs(chunks: list[str]) -> list[list[str]]:
    """The chunks grouped into runs between spaces (a space is a run of its own)."""
    runs: list[list[str]] = []
    for chunk in chunks:
        if chunk == " " or not runs or runs[-1] == [" "]:
            runs.append([chunk])
        else:
            runs[-1].append(chunk)
    return runs


def _chunks(text: str) -> list[str]:
    """`text` cut at spaces and around runs of wide (CJK) characters."""
    chunks: list[str] = []
    for char in text:
        if char.isspace():
            chunks.append(" ")
        elif chunks and chunks[-1] != " " and (_is_wide(char) == _is_wide(chunks[-1][-1]) or _attaches(char, "")):
            chunks[-1] += char
        else:
            chunks.append(char)
    return chunks


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines of `text` no wider than `width` pixels, at most `max_lines`; a cut last line ends with "…".
    `font`: anything with getlength (a FreeTypeFont, or a ChainFont).

    A token that may not start a line takes the previous token with it to the next line; a token that may
    not end a line goes to the next line.
    """
    lines: list[list[str]] = [[]]
    for token in (piece for token in _tokens(text) for piece in _pieces(token, font, width)):
        line = lines[-1]
        if token == " " and not line:
            continue
        if not line or font.getlength("".join(line) + token) <= width:
            line.append(token)
            continue
        carried = [token] if token != " " else []
        while carried and carried[0][0] in _NO_LINE_START and len(line) > 1:
            carried.insert(0, line.pop())
        while len(line) > 1 and line[-1][-1] in _NO_LINE_END:
            carried.insert(0, line.pop())
        lines.append(carried)
    result = ["".join(line).strip() for line in lines if "".join(line).strip()]
    if len(result) > max_lines:
        last = result[max_lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        while last and (_attaches(last[-1], "") or last[-1] in _NO_CUT_AFTER):  # never half a cluster
            last = last[:-1]
        result = result[: max_lines - 1] + [last.rstrip(" ,、。") + "…"]
    return result


def _pieces(token: str, font, width: int) -> list[str]:
    """A token wider than the line (a long address, a name without spaces, a Thai sentence) cut where it must
    be, between clusters (never before a mark or after a joiner), so that no line runs off the image."""
    if token == " " or font.getlength(token) <= width:
        return [token]
    pieces = [""]
    for char in token:
        if pieces[-1] and not _attaches(char, pieces[-1][-1]) and pieces[-1][-1] not in _NO_CUT_AFTER \
                and font.getlength(pieces[-1] + char) > width:
            # 。 or 」 never starts a line: the character before it goes along
            cut, first = len(pieces[-1]), char
            while cut > 1 and first in _NO_LINE_START:
                cut -= 1
                first = pieces[-1][cut]
            pieces[-1], carried = pieces[-1][:cut], pieces[-1][cut:]
            pieces.append(carried)
        pieces[-1] += char
    return pieces


def fit(text: str, face, sizes: tuple, width: int, max_lines: int):
    """The largest of `sizes` at which `text` fits on one line; else the smallest size, wrapped."""
    for size in sizes:
        font = face.load(size)
        if font.getlength(text) <= width:
            return font, [text]
    font = face.load(sizes[-1])
    return font, wrap(text, font, width, max_lines)


# --- Drawing ---------------------------------------------------------------------------------------------

MARGIN = 64
BAND = 92  # the navy band with the site's name
PORTRAIT_BOX = (MARGIN, 150, MARGIN + 200, 400)  # a photo: 4:5, as the pages show it
PLACEHOLDER_BOX = (MARGIN, 150, MARGIN + 200, 350)  # no photo: the pages' placeholder, a circle


def render(card: ShareCard, fonts: Fonts, refuse_missing: bool = True) -> Image.Image:
    """The share image for `card`. `refuse_missing`: raise FontError if no font draws a character the card needs
    (the build asks the validator first, and draws with False: the preview shows the problem, not a crash)."""
    missing = fonts.undrawable(card.text())
    if missing and refuse_missing:
        raise FontError(f"the fonts have no glyph for {''.join(missing)!r} (share image {card.key}.{card.language}) "
                        f"-> install {FONT_PACKAGES}, or set {FONT_ENV} to a font that has them")
    image = _frame(card.site_name, fonts).copy()
    draw = ImageDraw.Draw(image)

    left, width = MARGIN + 240, WIDTH - MARGIN * 2 - 240
    if card.portrait and Path(card.portrait).is_file():
        _paste_photo(image, card.portrait, PORTRAIT_BOX)
    elif card.initials:
        _placeholder(image, card.initials, fonts, PLACEHOLDER_BOX)
    else:
        left, width = MARGIN, WIDTH - MARGIN * 2
    y = 140
    title_font, title_lines = fit(card.title, fonts.display_bold, (56, 52, 48, 44), width, 2)
    for line in title_lines:
        title_font.draw(image, (left, y), line, INK)
        y += int(title_font.size * 1.3)
    line_font = fonts.regular.load(28)
    for line in wrap(card.line, line_font, width, 2):
        line_font.draw(image, (left, y + 4), line, MUTED)
        y += 42
    y += 28
    for size in (42, 38, 34):  # the largest size at which the whole quote fits above the bottom margin
        quote_font, leading = fonts.display.load(size), int(size * 1.55)
        room = max(1, (HEIGHT - 60 - y) // leading)
        quote_lines = wrap(card.quote, quote_font, width - 30, room + 1)
        if len(quote_lines) <= room:
            break
    if len(quote_lines) > room:  # no size let the whole quote fit: cut at the smallest (else these lines are it)
        quote_lines = wrap(card.quote, quote_font, width - 30, room)
    if quote_lines:  # an empty quote (the site's cards have none): no rule
        draw.rectangle((left, y, left + 6, y + leading * len(quote_lines) - size // 4), fill=ACCENT)
    for line in quote_lines:
        quote_font.draw(image, (left + 30, y), line, INK)
        y += leading
    return image


def _frame(site_name: str, fonts: Fonts) -> Image.Image:
    """What every image of a language has: the white page, the navy band with the site's name and its rule; drawn
    once per process and copied (issue 27), the same pixels."""
    key = (site_name, fonts)
    if key not in _frames:
        image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, WIDTH, BAND), fill=NAVY)
        draw.rectangle((0, BAND, WIDTH, BAND + 6), fill=ACCENT)
        fonts.display_bold.load(30).draw(image, (MARGIN, (BAND - 30 * 1.45) / 2), site_name, WHITE)
        _frames[key] = image
    return _frames[key]


_frames: dict = {}


def _placeholder(image: Image.Image, initials: str, fonts: Fonts, box: tuple) -> None:
    """The pages' placeholder (stories.css .story-placeholder): the initials in navy serif on paper, in a thin
    circle. Plainly not a photograph."""
    draw = ImageDraw.Draw(image)
    draw.ellipse(box, fill=PAPER, outline=RULE, width=2)
    font = fonts.display.load(76)
    x = (box[0] + box[2]) / 2 - font.getlength(initials) / 2
    font.draw(image, (x, (box[1] + box[3]) / 2 - 76 * 0.72), initials, NAVY)


def _paste_photo(image: Image.Image, portrait: str, box: tuple) -> None:
    """The photo cut to the box's shape around its centre, square-cornered, as the pages show it."""
    size = (box[2] - box[0], box[3] - box[1])
    with Image.open(portrait) as photo:
        # A JPEG decoded at the smallest of 1/1, 1/2, 1/4, 1/8 that still covers the box (libjpeg's own scaling):
        # a 1200 x 1500 photo for a 315 px box decodes at a quarter of the pixels, a third of a card's cost before.
        photo.draft("RGB", (size[0], size[1]))
        photo = photo.convert("RGB")
        scale = max(size[0] / photo.width, size[1] / photo.height)
        crop = (size[0] / scale, size[1] / scale)
        left, top = (photo.width - crop[0]) / 2, (photo.height - crop[1]) / 2
        photo = photo.resize(size, Image.LANCZOS, box=(left, top, left + crop[0], top + crop[1]))
    image.paste(photo, box[:2])


def render_for_file(card: ShareCard, fonts: Fonts) -> Image.Image:
    """The card as it is saved: drawn (never refused: the validator reported what cannot be drawn), then
    reduced to a palette when it has no photo and no emoji."""
    image = render(card, fonts, refuse_missing=False)
    if not card.portrait and not any(ord(char) >= 0x1F000 or char == "\ufe0f" for char in card.text()):
        # Flat colours and text: a 64-colour palette is a third of the size, unchanged to the eye.
        # Fast octree, not the default median cut: 10 ms instead of 57 ms an image, smaller files, and
        # share images were most of a first build's time (4,000 of them at 2,000 alumni).
        image = image.quantize(64, method=Image.Quantize.FASTOCTREE)
    return image


# --- Cache -----------------------------------------------------------------------------------------------

class ShareImages:
    """Names images by content and draws each one once, into `cache_dir` (the store's "share-images" drawer)."""

    def __init__(self, cache_dir: Path, fonts: Fonts):
        self.cache_dir = Path(cache_dir)
        self.fonts = fonts
        self._names: dict[ShareCard, str] = {}
        self._code_and_fonts = None  # what names every card alike: asked once, not per card (0.65 s at 2,000)

    def file_name(self, card: ShareCard) -> str:
        if card not in self._names:
            if self._code_and_fonts is None:  # (a card, once named, keeps its name as long as this drawer lives)
                self._code_and_fonts = (store.DRAWERS["share-images"].fingerprint(), self.fonts.identity())
            code, fonts = self._code_and_fonts
            digest = hashlib.sha256()
            # The photo counts by its bytes, not its path: the same site built in another folder names its images alike.
            drawn = {**dataclasses.asdict(card), "portrait": bool(card.portrait)}
            digest.update(json.dumps([code, drawn, fonts], ensure_ascii=False).encode("utf-8"))
            if card.portrait and Path(card.portrait).is_file():
                digest.update(Path(card.portrait).read_bytes())
            self._names[card] = f"{card.key}.{card.language}.{digest.hexdigest()[:12]}.png"
        return self._names[card]

    def used(self) -> set[str]:
        """The file names of every card named since this drawer was made (one build, or one preview session)."""
        return set(self._names.values())

    def ensure(self, card: ShareCard) -> Path:
        """The cached image file for `card`, drawn now if it is not cached yet."""
        return self.ensure_all([card])[0]

    def ensure_all(self, cards: list[ShareCard]) -> list[Path]:
        """The cached image file of every card; those not cached yet are drawn on every core."""
        paths = [self.cache_dir / self.file_name(card) for card in cards]
        jobs = [(card, self.fonts, path) for card, path in zip(cards, paths) if not path.is_file()]
        if len(jobs) == 1:
            _draw(jobs[0])
        else:
            pool.run_all(_draw, jobs)
        return paths


def _draw(job) -> None:
    """Draw one card into its cache file, through the store's one atomic write (never a half image)."""
    card, fonts, path = job
    image = render_for_file(card, fonts)
    if not store.write(path, lambda handle: image.save(handle, format="PNG")):
        raise OSError(f"cannot write {path}")
