"""Portraits: a bad photo is an error naming the story; a good one becomes cached, sized WebP and JPEG images."""
from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

import pytest
from conftest import copy_project, fictional, story_text
from PIL import Image
from publishing_fixtures import draw_portrait

from alumni_stories.errors import ContentError
from alumni_stories.site.views import load_site
from alumni_stories.media import portraits

SLUG = "fictional-alumna"
PORTRAIT = {"file": "portrait.jpg", "alt": "A drawn, fictional person", "caption": "Fictional caption",
            "credit": "Test suite (fictional)"}
JA_PORTRAIT = {"alt": "架空の人物の絵", "caption": "架空のキャプション", "credit": "テスト（架空）"}


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    write_story(project)
    return project


def write_story(project, portrait=PORTRAIT, ja_portrait=JA_PORTRAIT):
    stories = project / "stories"
    (stories / f"{SLUG}.en.md").write_text(story_text(fictional(portrait=portrait)), encoding="utf-8")
    (stories / f"{SLUG}.ja.md").write_text(story_text(fictional("ja", portrait=ja_portrait)), encoding="utf-8")


def media(project, name="portrait.jpg"):
    return project / "stories" / "media" / SLUG / name


def only_problem(project):
    with pytest.raises(ContentError) as caught:
        load_site(project)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == f"stories/{SLUG}.en.md" and problem.field == "portrait.file"
    return problem


def test_missing_photo(project):
    problem = only_problem(project)
    assert f"stories/media/{SLUG}/portrait.jpg does not exist" in problem.message
    assert "put the photo" in problem.fix and problem.line is not None


def test_not_an_image(project):
    media(project).parent.mkdir(parents=True)
    media(project).write_text("this is not a photo", encoding="utf-8")
    problem = only_problem(project)
    assert "not an image" in problem.message and "JPEG or PNG" in problem.fix


def test_truncated_image(project):
    draw_portrait(media(project))
    data = media(project).read_bytes()
    media(project).write_bytes(data[: len(data) // 3])
    assert "damaged" in only_problem(project).message


def test_too_small(project):
    draw_portrait(media(project), size=(399, 600))
    problem = only_problem(project)
    assert "too small (399×600 pixels)" in problem.message and "400×400" in problem.fix


def test_other_formats_are_refused(project):
    draw_portrait(media(project), image_format="GIF")
    assert "is a GIF file" in only_problem(project).message


@pytest.mark.parametrize("name", ["../other/portrait.jpg", "/etc/passwd", "sub\\portrait.jpg"])
def test_file_must_stay_in_the_story_folder(project, name):
    write_story(project, portrait={**PORTRAIT, "file": name})
    problem = only_problem(project)
    # The schema refuses such paths first (see schema/story.schema.json); portraits.py checks again.
    # The value as the editor wrote it (no Python repr, which would double the backslash).
    assert problem.field == "portrait.file" and f"'{name}'" in problem.message and "only the photo's file name" in problem.fix


def test_alt_and_credit_are_required(project):
    draw_portrait(media(project))
    write_story(project, portrait={k: v for k, v in PORTRAIT.items() if k != "credit"})
    with pytest.raises(ContentError, match=r"'credit' is missing"):
        load_site(project)
    write_story(project, ja_portrait=None)
    with pytest.raises(ContentError) as caught:
        load_site(project)
    assert [(p.file, p.field) for p in caught.value.problems] == [(f"stories/{SLUG}.ja.md", "portrait")]


def test_rendered_sizes_formats_and_cache(project, tmp_path, monkeypatch):
    # A rotated camera photo (EXIF orientation 6) with a GPS-looking tag: output is upright and carries no EXIF.
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Fictional Camera Maker"
    draw_portrait(media(project), size=(1500, 1200), exif=exif)
    story = load_site(project).story(SLUG)
    source = story.portrait_source
    assert (source.width, source.height) == (1200, 1500)  # as shown, after rotation

    cache = tmp_path / "cache"
    outputs = portraits.render(SLUG, source, cache)
    assert len(outputs) == 8  # 2 page widths + 2 thumbnail sizes, in WebP and JPEG
    sizes = {}
    for rel, path in outputs.items():
        with Image.open(path) as image:
            sizes[rel.rsplit("-", 1)[1]] = (image.format, image.size)
            assert not image.getexif(), rel
    assert sizes["w200.webp"] == ("WEBP", (200, 250)) and sizes["w400.jpg"] == ("JPEG", (400, 500))
    assert sizes["sq70.jpg"] == ("JPEG", (70, 70)) and sizes["sq140.webp"] == ("WEBP", (140, 140))

    view = portraits.picture_view(SLUG, source)
    assert (view["page"]["width"], view["page"]["height"]) == (200, 250)
    assert view["page"]["sources"][0]["type"] == "image/webp"
    assert [c["descriptor"] for c in view["page"]["candidates"]] == ["200w", "400w"]
    assert set(c["url"] for g in ("page", "thumb") for s in [*view[g]["sources"], view[g]]
               for c in s["candidates"]) == set(outputs)

    # Rendering again (a rebuild, or the second language pass) encodes nothing.
    def no_encoding(*args, **kwargs):
        raise AssertionError("re-encoded a cached portrait")
    monkeypatch.setattr(Image.Image, "save", no_encoding)
    assert portraits.render(SLUG, source, cache) == outputs

    site_dir = tmp_path / "site"
    assert portraits.publish(outputs, site_dir) == 8
    assert portraits.publish(outputs, site_dir) == 0
    assert all((site_dir / rel).is_file() for rel in outputs)


def test_a_new_photo_gets_new_names(project, tmp_path):
    draw_portrait(media(project))
    first = load_site(project).story(SLUG).portrait_source
    draw_portrait(media(project), background=(10, 10, 200))
    second = load_site(project).story(SLUG).portrait_source
    assert set(portraits.render(SLUG, first, tmp_path)).isdisjoint(portraits.render(SLUG, second, tmp_path))


def test_transparent_png_is_flattened_on_white(project, tmp_path):
    path = media(project, "portrait.png")
    path.parent.mkdir(parents=True)
    Image.new("RGBA", (500, 500), (0, 0, 0, 0)).save(path)
    write_story(project, portrait={**PORTRAIT, "file": "portrait.png"})
    outputs = portraits.render(SLUG, load_site(project).story(SLUG).portrait_source, tmp_path)
    jpeg = next(path for rel, path in outputs.items() if rel.endswith("w200.jpg"))
    with Image.open(jpeg) as image:
        assert image.getpixel((100, 100)) >= (250, 250, 250)


def test_share_image_and_embed_card_use_the_photo(project, tmp_path):
    """The photo in stories/media/<slug>/ reaches the link preview and the embed card (both once looked for it
    elsewhere, found nothing and silently fell back to initials and no picture)."""
    from alumni_stories.outputs import sharing

    media(project).parent.mkdir(parents=True)
    draw_portrait(media(project))
    site = load_site(project)
    story = site.story(SLUG)
    assert sharing.story_card(site, story, "en").portrait == str(media(project))
    card = sharing.embed_view(site, story, "ja", "https://alumni.example.org/")
    thumb = site.story_view(story, "ja")["portrait"]["image"]["thumb"]["src"]
    assert card["portrait_src"] and card["portrait_src"].endswith(thumb.rsplit("/", 1)[-1])
    embed_folder = PurePosixPath("/") / sharing.urls.embed(SLUG, "ja")
    assert str(PurePosixPath(posixpath.normpath(str(embed_folder / card["portrait_src"])))) == "/" + thumb
