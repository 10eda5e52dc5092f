"""Share images of a project, drawn in one process: CPU per image by stage, bytes, and PNG settings (issue 27).

Draws every card of the project's stories (both languages) and the two site cards with the code on PYTHONPATH, as a
pool worker does (fonts opened first), and reports the CPU (`time.process_time`) of drawing (text layout, glyphs,
photo, 64-colour palette) and of PNG encoding, per image, and the bytes. With --pixels FILE it writes each image's
pixel digest and PNG size, so two versions of the code can be compared (`--compare A B`). With --png-settings it
encodes the first --sample images at each zlib level and strategy, cards with a photo apart from the others.

    PYTHONPATH=/path/to/code python -m bench.share_images PROJECT --pixels before.json
    python -m bench.share_images --compare before.json after.json
    python -m bench.share_images PROJECT --png-settings --sample 40
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import time
from pathlib import Path


def cards_of(project: Path) -> list:
    from alumni_stories.outputs import sharing
    from alumni_stories.site.views import load_site

    site = load_site(project)
    return [sharing.story_card(site, story, language) for story in site.stories for language in ("en", "ja")] + \
        [sharing.site_card(site, language) for language in ("en", "ja")]


def draw_all(project: Path, pixels: Path | None) -> str:
    from alumni_stories.outputs import share_image

    cards, fonts = cards_of(project), share_image.find_fonts()
    share_image.render_for_file(cards[0], fonts)  # the fonts opened, as in a pool worker
    drawing = encoding = 0.0
    total, digests = 0, {}
    for card in cards:
        start = time.process_time()
        image = share_image.render_for_file(card, fonts)
        drawn = time.process_time()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        encoding += time.process_time() - drawn
        drawing += drawn - start
        total += buffer.tell()
        digests[f"{card.key}.{card.language}"] = [hashlib.sha256(image.convert("RGB").tobytes()).hexdigest(),
                                                  buffer.tell()]
    if pixels:
        pixels.write_text(json.dumps(digests, indent=0), encoding="utf-8")
    count = len(cards)
    return (f"{count} images: drawing {1000 * drawing / count:.1f} ms an image, PNG {1000 * encoding / count:.1f} ms, "
            f"{total:,} bytes ({total / count:,.0f} an image)")


def png_settings(project: Path, sample: int) -> list[str]:
    from alumni_stories.outputs import share_image

    fonts = share_image.find_fonts()
    drawn = [(card, share_image.render_for_file(card, fonts)) for card in cards_of(project)[:sample]]
    lines = []
    for photo in (True, False):
        images = [image for card, image in drawn if bool(card.portrait) == photo]
        if not images:
            continue
        lines.append(f"{'with' if photo else 'without'} a photo: {len(images)} images ({images[0].mode})")
        for level in (1, 3, 4, 6, 9):
            for strategy in (-1, 3):  # zlib's default, run-length
                start, size = time.process_time(), 0
                for image in images:
                    buffer = io.BytesIO()
                    image.save(buffer, format="PNG", compress_level=level, compress_type=strategy)
                    size += buffer.tell()
                spent = time.process_time() - start
                lines.append(f"  level {level} strategy {'rle' if strategy == 3 else 'default'}: "
                             f"{size / len(images):,.0f} bytes, {1000 * spent / len(images):.1f} ms an image")
    return lines


def compare(before: Path, after: Path) -> str:
    a, b = (json.loads(path.read_text(encoding="utf-8")) for path in (before, after))
    differ = sorted(key for key in a if key not in b or a[key][0] != b[key][0])
    return (f"{len(a)} images; {len(differ)} differ in pixels{': ' + ', '.join(differ[:10]) if differ else ''}; "
            f"{sum(v[1] for v in a.values()):,} -> {sum(v[1] for v in b.values()):,} bytes")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--pixels", type=Path, help="write each image's pixel digest and PNG size here")
    parser.add_argument("--png-settings", action="store_true", help="encode a sample at each zlib setting")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        print(compare(*args.compare))
    elif args.project is None:
        parser.error("a project folder, or --compare")
    elif args.png_settings:
        print("\n".join(png_settings(args.project, args.sample)))
    else:
        print(draw_all(args.project, args.pixels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
