"""Fictional portraits and command runners shared by the publishing tests (issue 6)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from conftest import ROOT

CLI = Path(sys.executable).with_name("alumni-stories")  # the console script pip installs beside the interpreter
BUILD_INDEX = ROOT / "scripts" / "build_index.py"


def draw_portrait(path: Path, size=(800, 1000), background=(90, 140, 90), image_format=None, exif=None) -> Path:
    """A fictional, drawn 'portrait': a face-like oval on a coloured ground, labelled FICTIONAL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * .3, height * .15, width * .7, height * .55), fill=(240, 200, 160))
    draw.rectangle((width * .2, height * .6, width * .8, height), fill=(40, 60, 120))
    draw.text((10, 10), "FICTIONAL", fill=(255, 255, 255))
    options = {"exif": exif} if exif is not None else {}
    image.save(path, image_format, **options)
    return path


def run_script(script: Path, *args, stdin: str | None = None):
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=120)


def run_cli(*args, stdin: str | None = None):
    """`alumni-stories ARGS...` as an editor runs it."""
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=120)


def new_story(project: Path, *args, stdin: str | None = None):
    return run_cli("new-profile", "--root", project, *args, stdin=stdin)


def check_content(project: Path, *args):
    return run_cli("check", "--root", project, *args)
