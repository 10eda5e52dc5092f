#!/usr/bin/env python3
"""Write the machine-readable index of all stories to a JSON file (the same as `alumni-stories index`).

    .venv/bin/python scripts/build_index.py OUTPUT.json [--root DIR] [--base-url URL]
"""
import os
import sys

from alumni_stories.cli.main import main

if __name__ == "__main__":
    os.environ.setdefault("ALUMNI_STORIES_PROG", "scripts/build_index.py")
    sys.exit(main(["index", *sys.argv[1:]]))
