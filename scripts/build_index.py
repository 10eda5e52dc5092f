#!/usr/bin/env python3
"""Write the machine-readable index of all stories to a JSON file.

    python scripts/build_index.py OUTPUT.json [--root DIR] [--base-url URL]

Loads and validates the content with the same package and rules as the site build; on bad content it
prints the same messages and exits 1 without writing anything.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alumni_stories import ContentError, load_site  # noqa: E402
from alumni_stories.index import story_index  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write the JSON index")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding stories/ and data/")
    parser.add_argument("--base-url", default="", help="make URLs absolute, e.g. https://example.org/")
    args = parser.parse_args(argv)
    try:
        site = load_site(args.root)
    except ContentError as error:
        print(error.render(), file=sys.stderr)
        return 1
    text = json.dumps(story_index(site, args.base_url), ensure_ascii=False, indent=2) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader never sees half a file.
    fd, temporary = tempfile.mkstemp(dir=args.output.parent, prefix=".index-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, args.output)
    print(f"wrote {len(site.stories)} stories to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
