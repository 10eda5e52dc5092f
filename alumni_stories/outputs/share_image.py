"""Share images (the picture a chat app or social network shows with a link), drawn with Pillow.

One image per story and language (name, country and batch, pull quote) and one per language for every other
page. Japanese must not come out as empty boxes ("tofu"), so the font is one with Japanese glyphs, found
through fontconfig, and every image is checked against the font's coverage before it is drawn.

Images are cached by content: the file name carries a hash of everything that is drawn (text, font, portrait,
the store's fingerprint of this module and Pillow), so the two language passes and later builds reuse what is already drawn.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from alumni_stories import store
from alumni_stories.media import pool

# What draws the images: a change to this file or to Pillow gives every image a new name, so it is redrawn.
WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter cards show without cropping
FONT_ENV = "ALUMNI_STORIES_FONT"  # a font file with Japanese glyphs, to use instead of fontconfig's choice
FONT_BOLD_ENV = "ALUMNI_STORIES_FONT_BOLD"
# Debian's fonts-noto-cjk, where fontconfig is missing; index 0 of these collections is the Japanese face.
KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
JAPANESE_SAMPLE = "日本語のストーリー・アタッチメント修了生「第8期」〜"

INK = (33, 33, 33)
MUTED = (84, 84, 84)
ACCENT = (40, 53, 147)  # the site's indigo (stories.css --story-accent)
ACCENT_LIGHT = (57, 73, 171)
PAPER = (255, 255, 255)


class FontError(Exception):
    """No usable font: the message says what to install."""


@functools.lru_cache(maxsize=64)
def _load_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)  # a CJK collection is large: open each size once


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return _load_font(self.path, self.index, size)

    def identity(self) -> str:
        stat = os.stat(self.path)
        return f"{self.path}#{self.index}:{stat.st_size}"


@dataclass(frozen=True)
class Fonts:
    regular: FontFace
    bold: FontFace


@dataclass(frozen=True)
class ShareCard:
    """Everything drawn on one image. `key` names the file (a story's slug, or "site")."""

    key: str
    language: str
    title: str
    line: str
    quote: str  # with its quotation marks
    site_name: str
    initials: str = ""  # drawn in a circle when there is no portrait; no circle when empty too
    portrait: str | None = None  # an image file to show in the circle, when the story has one


# --- Fonts -----------------------------------------------------------------------------------------------

def missing_glyphs(font: ImageFont.FreeTypeFont, text: str) -> list[str]:
    """The characters of `text` that `font` would draw as its "missing glyph" box (or not at all)."""
    missing = []
    for char in sorted(set(text)):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs"):
            continue
        key = (font.path, font.index, font.size, char)
        if key not in _missing_chars:  # a font's answer for a character never changes: ask it once per build
            signature = _mask_signature(font, char)
            _missing_chars[key] = signature == _notdef(font) or not any(signature[1])
        if _missing_chars[key]:
            missing.append(char)
    return missing


# Drawing each character's mask to see whether the font has it was a quarter of a share image's cost (50 ms each,
# 4,000 images at 2,000 alumni), for the same few hundred characters again and again.
_missing_chars: dict = {}


def _notdef(font) -> tuple:
    key = (font.path, font.index, font.size, None)
    if key not in _missing_chars:
        _missing_chars[key] = _mask_signature(font, "\U0010fffd")  # a private-use code point that no font maps
    return _missing_chars[key]


def _mask_signature(font, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


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


def _covers_japanese(face: FontFace | None) -> bool:
    try:
        return face is not None and not missing_glyphs(face.load(24), JAPANESE_SAMPLE)
    except OSError:
        return False


def find_fonts(environ=os.environ) -> Fonts:
    """A regular and a bold face that draw Japanese (and Latin); FontError saying what to install if none."""
    candidates = []
    if environ.get(FONT_ENV):
        regular = FontFace(environ[FONT_ENV])
        candidates.append((regular, FontFace(environ[FONT_BOLD_ENV]) if environ.get(FONT_BOLD_ENV) else regular))
    candidates.append((_fontconfig_face(":lang=ja"), _fontconfig_face(":lang=ja:weight=bold")))
    candidates += [(FontFace(r), FontFace(b)) for r, b in KNOWN_FONTS if Path(r).is_file() and Path(b).is_file()]
    for regular, bold in candidates:
        if _covers_japanese(regular):
            return Fonts(regular, bold if _covers_japanese(bold) else regular)
    raise FontError("no font with Japanese glyphs was found for the share images -> install one: "
                    "'apt-get install fonts-noto-cjk' (scripts/serve.sh and scripts/test.sh do it when it is "
                    f"missing), or set {FONT_ENV} to a .ttf/.otf/.ttc file with Japanese glyphs")


# --- Line breaking ---------------------------------------------------------------------------------------
# Hand-written: Pillow measures text but does not wrap it, and textwrap counts characters, not pixels, and
# knows no Japanese rules (no line may start with 。 or 」, none may end with 「).

_NO_LINE_START = set("、。，．,.・：；:;？！?!ー―〜」』）〕］｝〉》】”’)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("「『（〔［｛〈《【“‘([{")


def _tokens(text: str) -> list[str]:
    """Break opportunities: a Latin word is one token; each wide (CJK) character is its own token."""
    tokens: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if char.isspace():
            if tokens and tokens[-1].isspace():
                continue
            tokens.append(" ")
        elif tokens and not wide and not tokens[-1].isspace() and not _is_wide(tokens[-1][-1]):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Lines of `text` no wider than `width` pixels, at most `max_lines`; a cut last line ends with "…".

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
        result = result[: max_lines - 1] + [last.rstrip(" ,、。") + "…"]
    return result


def _pieces(token: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than the line (a long address, a name without spaces) cut where it must be, so that no
    line runs off the image; any other token as it is."""
    if token == " " or font.getlength(token) <= width:
        return [token]
    pieces = [""]
    for char in token:
        if pieces[-1] and font.getlength(pieces[-1] + char) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def fit(text: str, face: FontFace, sizes: tuple, width: int, max_lines: int):
    """The largest of `sizes` at which `text` fits on one line; else the smallest size, wrapped."""
    for size in sizes:
        font = face.load(size)
        if font.getlength(text) <= width:
            return font, [text]
    font = face.load(sizes[-1])
    return font, wrap(text, font, width, max_lines)


# --- Drawing ---------------------------------------------------------------------------------------------

def render(card: ShareCard, fonts: Fonts) -> Image.Image:
    """The share image for `card`. Raises FontError if the font lacks a character the card needs."""
    text = card.title + card.line + card.quote + card.site_name + card.initials
    for face in {fonts.regular, fonts.bold}:
        missing = missing_glyphs(face.load(24), text)
        if missing:
            raise FontError(f"the font {face.path} has no glyph for {''.join(missing)!r} (share image "
                            f"{card.key}.{card.language}) -> set {FONT_ENV} to a font that has them")
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    margin = 64
    draw.rectangle((0, 0, WIDTH, 92), fill=ACCENT)
    draw.text((margin, 46), card.site_name, font=fonts.bold.load(30), fill=PAPER, anchor="lm")

    circle = (margin, 150, margin + 200, 350)
    left, width = margin + 240, WIDTH - margin * 2 - 240
    if card.portrait and Path(card.portrait).is_file():
        _paste_round(image, card.portrait, circle)
    elif card.initials:
        draw.ellipse(circle, fill=ACCENT_LIGHT)
        draw.text(((circle[0] + circle[2]) / 2, (circle[1] + circle[3]) / 2), card.initials,
                  font=fonts.bold.load(76), fill=PAPER, anchor="mm")
    else:
        left, width = margin, WIDTH - margin * 2
    y = 140
    title_font, title_lines = fit(card.title, fonts.bold, (56, 52, 48, 44), width, 2)
    for line in title_lines:
        draw.text((left, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.25)
    line_font = fonts.regular.load(28)
    for line in wrap(card.line, line_font, width, 2):
        draw.text((left, y + 4), line, font=line_font, fill=MUTED)
        y += 40
    y += 28
    for size in (42, 38, 34):  # the largest size at which the whole quote fits above the bottom margin
        quote_font, leading = fonts.regular.load(size), int(size * 1.5)
        room = max(1, (HEIGHT - 60 - y) // leading)
        quote_lines = wrap(card.quote, quote_font, width - 30, room + 1)
        if len(quote_lines) <= room:
            break
    quote_lines = wrap(card.quote, quote_font, width - 30, room)
    draw.rectangle((left, y, left + 6, y + leading * len(quote_lines) - size // 4), fill=ACCENT)
    for line in quote_lines:
        draw.text((left + 30, y), line, font=quote_font, fill=INK)
        y += leading
    return image


def _paste_round(image: Image.Image, portrait: str, box: tuple) -> None:
    size = (box[2] - box[0], box[3] - box[1])
    with Image.open(portrait) as photo:
        photo = photo.convert("RGB")
        side = min(photo.size)
        left, top = (photo.width - side) // 2, (photo.height - side) // 2
        photo = photo.crop((left, top, left + side, top + side)).resize(size, Image.LANCZOS)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size[0] - 1, size[1] - 1), fill=255)
    image.paste(photo, box[:2], mask)


def render_for_file(card: ShareCard, fonts: Fonts) -> Image.Image:
    """The card as it is saved: drawn, then reduced to a palette when it has no photo."""
    image = render(card, fonts)
    if not card.portrait:  # flat colours and text: a 64-colour palette is a third of the size, unchanged to the eye
        # Fast octree, not the default median cut: 10 ms instead of 57 ms an image, smaller files, and
        # share images were most of a first build's time (4,000 of them at 2,000 alumni).
        image = image.quantize(64, method=Image.Quantize.FASTOCTREE)
    return image


# --- Cache -----------------------------------------------------------------------------------------------

class ShareImages:
    """Names images by content and draws each one once; kept in `cache_dir` between builds."""

    def __init__(self, cache_dir: Path, fonts: Fonts):
        self.cache_dir = Path(cache_dir)
        self.fonts = fonts
        self._names: dict[ShareCard, str] = {}

    def file_name(self, card: ShareCard) -> str:
        if card not in self._names:
            digest = hashlib.sha256()
            # The photo counts by its bytes, not its path: the same site built in another folder names its images alike.
            drawn = {**dataclasses.asdict(card), "portrait": bool(card.portrait)}
            digest.update(json.dumps([store.DRAWERS["share-images"].fingerprint(), drawn, self.fonts.regular.identity(),
                                      self.fonts.bold.identity()], ensure_ascii=False).encode("utf-8"))
            if card.portrait and Path(card.portrait).is_file():
                digest.update(Path(card.portrait).read_bytes())
            self._names[card] = f"{card.key}.{card.language}.{digest.hexdigest()[:12]}.png"
        return self._names[card]

    def ensure(self, card: ShareCard) -> Path:
        """The cached image file for `card`, drawn now if it is not cached yet."""
        path = self.cache_dir / self.file_name(card)
        if not path.is_file():
            _draw((card, self.fonts, path))
        return path

    def ensure_all(self, cards: list[ShareCard]) -> list[Path]:
        """The cached image file of every card; those not cached yet are drawn on every core."""
        paths = [self.cache_dir / self.file_name(card) for card in cards]
        pool.run_all(_draw, [(card, self.fonts, path) for card, path in zip(cards, paths) if not path.is_file()])
        return paths


def _draw(job) -> None:
    """Draw one card into its cache file (written beside it, then renamed: never a half image)."""
    card, fonts, path = job
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".draw-", suffix=".png")
    try:
        image = render_for_file(card, fonts)
        with os.fdopen(fd, "wb") as handle:
            image.save(handle, format="PNG")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
