#!/usr/bin/env python3
"""Record every address the site publishes in data/url-manifest.yml (the manifest of permanent URLs).

    .venv/bin/python scripts/record_urls.py [--root DIR] [--forget /PATH/ ...] [--check]

Run it after adding a story or a page, review the difference, commit the manifest. It only ever adds
addresses: one that the content no longer serves stops it with the same message as the build, unless you
name that address with --forget (for a page removed on purpose; never for a story: give it an alias or
mark it withdrawn instead). --check changes nothing and exits 1 if addresses are unrecorded or lost.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alumni_stories import ContentError, load_site  # noqa: E402
from alumni_stories import permalinks  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding stories/, data/ and docs/")
    parser.add_argument("--forget", action="append", default=[], metavar="/PATH/",
                        help="an address to drop from the manifest on purpose (repeat for several)")
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if the manifest is not current")
    args = parser.parse_args(argv)
    try:
        site = load_site(args.root)
        recorded = permalinks.read_manifest(args.root) or []
    except ContentError as error:
        print(error.render(), file=sys.stderr)
        return 1
    current = permalinks.published_addresses(site, args.root / "docs")
    forget = set(args.forget)
    not_lost = sorted(forget - set(recorded) | forget & set(current))
    if not_lost:
        print("--forget names addresses that are not lost: " + ", ".join(not_lost), file=sys.stderr)
        return 1
    lost = [path for path in permalinks.lost_addresses(recorded, current) if path not in forget]
    if lost:
        print(ContentError(permalinks.lost_problems(lost)).render(), file=sys.stderr)
        return 1
    new = sorted(set(current) - set(recorded))
    if args.check:
        for path in new:
            print(f"not recorded: {path}")
        return 1 if new else 0
    permalinks.write_manifest(args.root, (set(recorded) | set(current)) - forget)
    for path in new:
        print(f"recorded: {path}")
    for path in sorted(forget):
        print(f"forgotten: {path}")
    print(f"{permalinks.MANIFEST}: {len((set(recorded) | set(current)) - forget)} addresses "
          f"({len(new)} new, {len(forget)} forgotten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
