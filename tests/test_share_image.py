"""Share images: Japanese text is drawn with real glyphs, not tofu boxes; images are cached by content."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image, ImageChops, ImageFont

from alumni_stories.site.views import load_site
from alumni_stories.outputs import sharing
from alumni_stories.outputs.share_image import FontError, FontFace, Fonts, ShareImages, find_fonts, missing_glyphs, render, render_for_file, wrap

LATIN_ONLY = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


@pytest.fixture(scope="module")
def fonts():
    return find_fonts()


@pytest.fixture(scope="module")
def latin_only():
    if not Path(LATIN_ONLY).is_file():
        pytest.fail("DejaVu Sans is missing: the tofu comparison needs a Latin-only font (fonts-dejavu-core)")
    return FontFace(LATIN_ONLY)


def glyphs(face: FontFace, text: str) -> dict:
    font = face.load(48)
    return {char: bytes(font.getmask(char)) for char in text if not char.isspace()}


def test_missing_glyph_detection_tells_a_japanese_font_from_a_latin_one(fonts, latin_only):
    text = "ボパリット・カリヤン氏 カンボジア 第2期"  # a fictional name (tests/fictional_site.py)
    assert missing_glyphs(fonts.regular.load(24), text) == []
    assert missing_glyphs(fonts.bold.load(24), text) == []
    assert set(missing_glyphs(latin_only.load(24), text)) >= set("ボパリットカヤン氏カンボジア第期")


def test_japanese_share_image_is_not_tofu(built_site, site, fonts, latin_only):
    """The image the build made for a Japanese story is the one drawn with a font that has every glyph,
    and differs from the same card drawn with a Latin-only font, whose Japanese characters all collapse
    into one identical box."""
    story = site.stories[0]  # a real story, whichever comes first
    card = sharing.story_card(site, story, "ja")
    name = ShareImages(built_site / "unused", fonts).file_name(card)
    built = Image.open(built_site / "assets" / "share" / name).convert("RGB")

    redrawn = render_for_file(card, fonts).convert("RGB")
    assert ImageChops.difference(built, redrawn).getbbox() is None, "the build drew it with this font"
    japanese = card.title + card.line + card.quote
    assert missing_glyphs(fonts.regular.load(34), japanese) == []

    kana = "ボパリット氏カンボジア"
    real = glyphs(fonts.bold, kana)
    tofu = glyphs(latin_only, kana)
    assert len(set(real.values())) == len(set(kana)), "each character has its own shape"
    assert len(set(tofu.values())) == 1, "a Latin-only font draws every one of them as the same box"

    with pytest.raises(FontError, match="no glyph"):
        render(card, Fonts(latin_only, latin_only))


def test_english_and_japanese_images_differ_and_have_the_card_size(built_site, site, fonts):
    images = ShareImages(built_site / "unused", fonts)
    story = site.stories[-1]
    paths = [built_site / "assets/share" / images.file_name(sharing.story_card(site, story, lang)) for lang in ("en", "ja")]
    en, ja = (Image.open(p).convert("RGB") for p in paths)
    assert en.size == ja.size == (1200, 630)
    assert ImageChops.difference(en, ja).getbbox() is not None


def test_images_are_cached_by_content(tmp_path, site, fonts):
    images = ShareImages(tmp_path, fonts)
    card = sharing.story_card(site, site.stories[0], "en")
    first = images.ensure(card)
    stamp = first.stat().st_mtime_ns
    assert images.ensure(card) == first and first.stat().st_mtime_ns == stamp, "drawn once"
    changed = sharing.story_card(site, site.stories[0], "ja")
    assert images.file_name(changed) != images.file_name(card)
    assert Image.open(io.BytesIO(first.read_bytes())).size == (1200, 630)


def test_wrapping_keeps_japanese_punctuation_off_the_line_start(fonts):
    font = fonts.regular.load(34)
    text = "「この経験は、私の人生を変える転機となりました。」"
    for width in range(200, 900, 37):
        lines = wrap(text, font, width, 10)
        assert "".join(lines) == text
        assert all(line[0] not in "、。」" for line in lines[1:]), lines
        assert all(line[-1] != "「" for line in lines), lines


def test_wrapping_breaks_latin_text_between_words(fonts):
    font = fonts.regular.load(34)
    lines = wrap("This experience was a turning point that changed my life.", font, 400, 5)
    assert " ".join(lines) == "This experience was a turning point that changed my life."
    assert all(font.getlength(line) <= 400 for line in lines)
    cut = wrap("word " * 100, font, 400, 2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_no_japanese_font_is_a_clear_error(monkeypatch, tmp_path):
    import alumni_stories.outputs.share_image as share_image
    monkeypatch.setattr(share_image, "_fontconfig_face", lambda pattern: None)
    monkeypatch.setattr(share_image, "KNOWN_FONTS", ())
    with pytest.raises(FontError, match="fonts-noto-cjk"):
        find_fonts({})
    with pytest.raises(FontError):
        find_fonts({share_image.FONT_ENV: LATIN_ONLY})
    assert isinstance(ImageFont.truetype(LATIN_ONLY, 10), ImageFont.FreeTypeFont)


def test_an_image_is_named_by_its_photo_bytes_not_the_photo_path(tmp_path, site, fonts):
    import dataclasses

    from publishing_fixtures import draw_portrait

    one, two, other = tmp_path / "a" / "photo.jpg", tmp_path / "b" / "photo.jpg", tmp_path / "c" / "photo.jpg"
    for path in (one, other):
        path.parent.mkdir(parents=True)
    draw_portrait(one, (600, 750))
    two.parent.mkdir(parents=True)
    two.write_bytes(one.read_bytes())
    draw_portrait(other, (640, 800))
    card = sharing.story_card(site, site.stories[0], "en")
    names = [ShareImages(tmp_path, fonts).file_name(dataclasses.replace(card, portrait=str(path)))
             for path in (one, two, other)]
    assert names[0] == names[1], "the same site built in another folder names its images alike"
    assert names[2] != names[0], "another photo is another image"


def test_what_is_kept_between_images_draws_the_same_pixels(site, fonts):
    """Issue 27: the frame (band, site name, rule) is drawn once per site name and copied, and each character's
    face is found once; every image is still the one a fresh process draws, each with its own site name, and a
    quote too long for every size is still cut with "…"."""
    from dataclasses import replace

    from alumni_stories.outputs import share_image

    story = site.stories[0]
    cards = [sharing.story_card(site, story, "en"), sharing.story_card(site, story, "ja")]
    long_quote = replace(cards[0], quote="“" + "A fictional sentence that goes on and on. " * 40 + "”")
    cards += [long_quote, replace(cards[0], site_name="Another fictional site name")]
    kept = [render_for_file(card, fonts).convert("RGB") for card in cards]
    for card, image in zip(cards, kept):
        share_image._frames.clear()
        share_image._ATTACHING.clear()
        for chain in fonts.chains():
            chain._found.clear()
        fresh = render_for_file(card, fonts).convert("RGB")
        assert ImageChops.difference(image, fresh).getbbox() is None, card.site_name
    band = (0, 0, share_image.WIDTH, share_image.BAND)
    assert ImageChops.difference(kept[0].crop(band), kept[3].crop(band)).getbbox() is not None  # its own name
    assert len(wrap(long_quote.quote, fonts.display.load(34), 802, 99)) > 6  # longer than any size leaves room for
