"""Portraits: checking a story's photo, and turning it into the sized images its pages print.

A photo lives in stories/media/<slug>/ and the English file names it (`portrait.file: portrait.jpg`).
Checking happens while content loads (so the build, the check command and the index agree); rendering
happens at build time into a cache keyed by the photo's content, so rebuilds and the second language
pass reuse the files instead of encoding them again. Rendering re-encodes the pixels only, which also
drops the photo's EXIF data (camera, GPS position) from what the site publishes.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from alumni_stories import store
from alumni_stories.errors import Problem, path_inside
from alumni_stories.media import pool

MEDIA_FOLDER = "media"  # stories/media/<slug>/<file>
MIN_WIDTH, MIN_HEIGHT = 400, 400  # the largest image the pages use is 400 pixels wide (2x of 200)
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
OUTPUT_URL = "media/portraits"  # site-relative folder of the rendered images, shared by every language

# What the pages print: the story header shows the photo 10rem (200 CSS pixels) wide, story cards a
# 3.5rem (70 pixel) square. Each comes at 1x and 2x for sharp screens.
PAGE_WIDTHS = (200, 400)
THUMB_SIZES = (70, 140)
# Modern format first, JPEG as the fallback every browser reads; <picture> lets the browser choose.
FORMATS = (("webp", "image/webp", "WEBP", {"quality": 80, "method": 6}),
           ("jpg", "image/jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}))
# A portrait is printed 400 pixels wide at most: a camera's 24 million pixels is plenty, and the bytes are bounded
# before the file is opened. Larger files are refused before any pixel is decoded.
MAX_PIXELS = 40_000_000
MAX_BYTES = 25_000_000
# The longest side the encoders accept: WebP stores each side in 14 bits (16,383 pixels; JPEG allows 65,535).
# A 400 x 99,000 strip is under MAX_PIXELS yet its 400-pixel-wide rendition cannot be written as WebP.
MAX_SIDE = 16_383


@dataclass(frozen=True)
class PortraitSource:
    """A checked photo: where it is, its size after EXIF rotation, and a digest of its bytes."""

    path: Path
    width: int
    height: int
    digest: str


@dataclass(frozen=True)
class Variant:
    name: str  # such as "w200" or "sq70"
    width: int
    height: int
    square: bool


def inspect(stories_dir: Path, slug: str, file, where: str) -> tuple[PortraitSource | None, list[Problem]]:
    """Check the photo named by a story's `portrait.file`; problems name the story file and the fix."""
    folder = f"stories/{MEDIA_FOLDER}/{slug}/"
    field = "portrait.file"
    relative = PurePosixPath(str(file))
    if relative.is_absolute() or ".." in relative.parts or "\\" in str(file) or not relative.parts:
        return None, [Problem(where, field, f"'{file}' is not a file name inside {folder}",
                              f"put the photo in {folder} and write only its name, such as portrait.jpg")]
    path = Path(stories_dir) / MEDIA_FOLDER / slug / relative
    shown = folder + relative.as_posix()
    if linked(stories_dir, slug, relative):
        return None, [Problem(where, field, f"{shown} (or a folder above it) is a symbolic link, not a file",
                              f"copy the photo itself into {folder}; the build never follows a link")]
    if not path.is_file() and len(relative.parts) > 1:
        # A path (from the project, from media/, from the editor's computer) where only the name goes.
        name = relative.name
        there = (Path(stories_dir) / MEDIA_FOLDER / slug / name).is_file()
        return None, [Problem(where, field, f"'{file}' is a path, but 'file:' takes only the photo's name inside "
                              f"{folder}" + (f" (the photo {folder}{name} is there)" if there else ""),
                              f"write file: {name}" + ("" if there else f", and put the photo in {folder}"))]
    if not path.is_file():
        return None, [Problem(where, field, f"the photo {shown} does not exist",
                              f"put the photo in {folder} under that name, or remove the 'file:' line")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(where, field, f"{shown} is {size / 1e6:.1f} MB; a photo may have at most "
                              f"{MAX_BYTES / 1e6:.0f} MB", "export it again as a JPEG of about 2000 pixels wide")]
    try:
        with Image.open(path) as image:  # reads the header only: the size is known before any pixel is decoded
            kind = image.format
            if max(image.size) > MAX_SIDE:
                return None, [Problem(where, field, f"{shown} is {image.width} × {image.height} pixels; no side of a "
                                      f"photo may be longer than {MAX_SIDE:,} pixels",
                                      "crop it to the person and export it again as a JPEG of about 2000 pixels wide")]
            if image.width * image.height > MAX_PIXELS:
                return None, [Problem(where, field, f"{shown} has {image.width} × {image.height} pixels; a photo "
                                      f"may have at most {MAX_PIXELS // 1_000_000} million",
                                      "export it again as a JPEG of about 2000 pixels wide")]
            image.verify()  # reads the whole file: catches truncated and corrupted photos
        with Image.open(path) as image:
            # The size after EXIF rotation, read from the header (orientations 5-8 turn the photo a quarter).
            width, height = image.size[::-1] if image.getexif().get(0x0112) in (5, 6, 7, 8) else image.size
            image.load()  # decodes the pixels (bounded above): a truncated photo fails here, not at render time
    except Image.DecompressionBombError:
        return None, [Problem(where, field, f"{shown} would expand into far more pixels than a photo has "
                              "(a decompression bomb)", "export the photo again as JPEG or PNG and replace the file")]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError) as err:
        reason = "it is not an image" if isinstance(err, UnidentifiedImageError) else "it is damaged"
        return None, [Problem(where, field, f"{shown} cannot be used: {reason}",
                              "export the photo again as JPEG or PNG and replace the file")]
    if kind not in ACCEPTED_FORMATS:
        return None, [Problem(where, field, f"{shown} is a {kind} file",
                              f"save it as {' or '.join(ACCEPTED_FORMATS.values())}")]
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return None, [Problem(where, field, f"{shown} is too small ({width}×{height} pixels)",
                              f"use a photo of at least {MIN_WIDTH}×{MIN_HEIGHT} pixels")]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return PortraitSource(path=path, width=width, height=height, digest=digest), []


def linked(stories_dir: Path, slug: str, relative: PurePosixPath) -> bool:
    """True when the photo, or any folder between stories/ and it, is a symbolic link (never followed)."""
    path = Path(stories_dir)
    for part in (MEDIA_FOLDER, slug, *relative.parts):
        path = path / part
        if path.is_symlink():
            return True
    return False


def variants(source: PortraitSource) -> list[Variant]:
    """The page image keeps the photo's proportions; the card thumbnail is a centred square."""
    page = [Variant(f"w{w}", w, round(source.height * w / source.width), False) for w in PAGE_WIDTHS]
    thumbs = [Variant(f"sq{s}", s, s, True) for s in THUMB_SIZES]
    return page + thumbs


def output_path(slug: str, source: PortraitSource, variant: Variant, extension: str) -> str:
    """Site-relative path; the content digest in the name lets browsers cache the file forever."""
    return f"{OUTPUT_URL}/{slug}/{source.digest[:16]}-{render_version()}-{variant.name}.{extension}"


def render_version() -> str:
    """Part of every output name: the store's fingerprint of this module and Pillow's version, so any change to
    the sizes or encoder settings renames (and renews) every image, with no version to bump by hand."""
    return store.DRAWERS["portraits"].fingerprint()[:8]


def picture_view(slug: str, source: PortraitSource | None) -> dict | None:
    """What a template needs to print <picture> elements: candidates per format, fallback, width, height."""
    if source is None:
        return None
    all_variants = variants(source)

    def group(square: bool, descriptor) -> dict:
        chosen = [v for v in all_variants if v.square == square]

        def candidates(extension: str) -> list[dict]:  # site-relative URLs: templates make them page-relative
            return [{"url": output_path(slug, source, v, extension), "descriptor": descriptor(v, i)}
                    for i, v in enumerate(chosen)]

        *modern, (fallback_ext, _mime, _format, _options) = FORMATS
        return {
            "sources": [{"type": mime, "candidates": candidates(ext)} for ext, mime, _f, _o in modern],
            "candidates": candidates(fallback_ext),
            "src": output_path(slug, source, chosen[0], fallback_ext),
            "width": chosen[0].width,
            "height": chosen[0].height,
        }

    return {"page": group(False, lambda v, i: f"{v.width}w"), "thumb": group(True, lambda v, i: f"{i + 1}x")}


class RenderError(OSError):
    """A photo that could not be resized, with the story it belongs to."""

    def __init__(self, slug: str, reason: str):
        super().__init__(reason)
        self.slug = slug


def render_all(portraits: list[tuple[str, PortraitSource]], cache_dir: Path) -> dict[str, Path]:
    """{site-relative path: cached file} of every (slug, photo); what the cache lacks is encoded on every core."""
    missing = [(slug, source, Path(cache_dir)) for slug, source in portraits
               if any(not path.is_file() for path in _cached_files(slug, source, cache_dir).values())]
    for failure in pool.run_all(_render_job, missing):
        if failure:
            raise RenderError(*failure)
    outputs: dict[str, Path] = {}
    for slug, source in portraits:
        outputs.update(_cached_files(slug, source, cache_dir))
    return outputs


def rendered_files(slug: str, source: PortraitSource, cache_dir: Path) -> dict[str, Path]:
    """{site-relative path: cached file} of one photo that `render_all` rendered."""
    return _cached_files(slug, source, cache_dir)


def _render_job(job) -> tuple[str, str] | None:
    slug, source, cache_dir = job
    try:
        render(slug, source, cache_dir)
    except OSError as error:  # reported by the caller, naming the story
        return slug, str(error)
    return None


def _cached_files(slug: str, source: PortraitSource, cache_dir: Path) -> dict[str, Path]:
    return {output_path(slug, source, v, ext): Path(cache_dir) / Path(output_path(slug, source, v, ext)).name
            for v in variants(source) for ext, _mime, _fmt, _options in FORMATS}


def render(slug: str, source: PortraitSource, cache_dir: Path) -> dict[str, Path]:
    """{site-relative path: cached file} for every size and format; encodes only what the cache lacks."""
    cache_dir = Path(cache_dir)
    wanted = {output_path(slug, source, v, ext): (v, ext, fmt, options)
              for v in variants(source) for ext, _mime, fmt, options in FORMATS}
    cached = {rel: cache_dir / Path(rel).name for rel in wanted}
    missing = [rel for rel in wanted if not cached[rel].is_file()]
    if missing:
        largest = max(max(v.width, v.height) for v in variants(source))
        with Image.open(source.path) as opened:
            # A JPEG decodes at 1/2, 1/4 or 1/8 of its size for a fraction of the work, as long as both sides
            # stay at least `largest` (either side may become the width after EXIF rotation). No-op for PNG/WebP.
            opened.draft(opened.mode, (largest, largest))
            image = _published_pixels(opened)
        for rel in missing:
            variant, _ext, fmt, options = wanted[rel]
            size = (variant.width, variant.height)
            resized = (ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4)) if variant.square
                       else image.resize(size, Image.Resampling.LANCZOS))
            if not store.write(cached[rel], lambda handle: resized.save(handle, fmt, **options)):
                raise OSError(f"cannot write {cached[rel]}")
    return cached


def publish(outputs: dict[str, Path], site_dir: Path) -> int:
    """Copy rendered files into the site; a file already there (same name means same content) is kept."""
    copied = 0
    for rel, cached in outputs.items():
        target = path_inside(site_dir, rel)  # ContentError if a path would leave the site folder
        try:
            # A hard link costs no copy (every build writes a new site folder, so this ran for every file of
            # every build); cache files are only ever replaced by a rename, never changed in place. Linked first,
            # without a look: a fresh build's folder has none of them (issue 27: five calls per file were four
            # too many).
            store.link_or_copy(cached, target)
        except FileExistsError:
            if target.is_file() and target.stat().st_size == cached.stat().st_size:
                continue
            target.unlink(missing_ok=True)
            store.link_or_copy(cached, target)
        except FileNotFoundError:  # its folder is not there yet
            target.parent.mkdir(parents=True, exist_ok=True)
            store.link_or_copy(cached, target)
        copied += 1
    return copied


def _published_pixels(opened: Image.Image) -> Image.Image:
    """The photo's pixels upright, in sRGB, with nothing else: Pillow carries a JPEG comment and the ICC profile
    from `info` into every image made from it and writes them when saving, and EXIF or XMP may name the camera,
    the place and the person who took it. The colours of a photo with a profile are converted to sRGB (what
    every browser assumes without one), so the profile is not needed either."""
    profile = opened.info.get("icc_profile")
    image = _flatten(ImageOps.exif_transpose(opened))
    if profile:
        try:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                              ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    image.info.clear()
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and a transparent PNG must not turn black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
