"""The site's identity in one place: the colours every surface uses (pages, embed cards, share images).

docs/assets/stylesheets/layout.css declares the same colours as CSS custom properties for the pages;
tests/test_every_script.py checks that the two agree, so a colour is changed here and there together.
"""
from __future__ import annotations

NAVY = "#1d3557"  # the ink blue of headings, the header and the placeholder's initials
TERRACOTTA = "#a4461c"  # the warm accent (quote rules, card tops)
PAPER = "#f7f4ee"  # the placeholder portrait's ground, the share image's ground
INK = "#212121"  # running text
MUTED = "#545454"  # secondary lines (4.5:1 or more on paper and on white)
WHITE = "#ffffff"
RULE = "#d6d2ca"  # the placeholder's thin circle on paper (a light tone of the ink)


def rgb(colour: str) -> tuple[int, int, int]:
    """"#rrggbb" as an (r, g, b) tuple, for Pillow."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
