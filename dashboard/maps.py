"""Offline maps: the district's own boundaries are the base map, no tiles unless ``[dashboard]
tile_url`` names an intranet tile server. The wall and the explorer draw SVG (``svg_map``,
``explorer_svg``: ~1,000 pre-aggregated grid polygons, case points only when drilled down to a
community, never the raw millions); the alert's small map is pydeck (``map_provider=None``).
Labels use the CJK font the machine has (WenQuanYi Micro Hei).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np
import polars as pl
import pydeck as pdk

from dashboard import safe

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif"
# YlOrRd, 6 classes (ColorBrewer), with alpha
RAMP = [(255, 255, 178), (254, 217, 118), (254, 178, 76), (253, 141, 60), (240, 59, 32), (189, 0, 38)]
# on-time rate: red (bad) → green (good)
RAMP_GOOD = [(215, 48, 39), (252, 141, 89), (254, 224, 139), (217, 239, 139), (145, 207, 96), (26, 152, 80)]
NO_DATA = (200, 200, 200)
PIN = (255, 23, 68)  # urgent-case pins: a red the grid ramp's darkest class is not, ringed in white


def classes(values: np.ndarray, n: int = 6) -> np.ndarray:
    """Quantile classes 0..n-1 (ties kept together); NaN → -1."""
    out = np.full(len(values), -1)
    ok = ~np.isnan(values)
    if ok.sum() == 0:
        return out
    edges = np.unique(np.quantile(values[ok], np.linspace(0, 1, n + 1)[1:-1]))
    out[ok] = np.searchsorted(edges, values[ok], side="right")
    return np.minimum(out, n - 1)


def legend(values: np.ndarray, fmt, title: str, no_data: str, good_high: bool = False, dark: bool = False, pins: str | None = None) -> str:
    """An HTML legend for a grid map coloured by ``classes``: one swatch per class with the range
    of values it holds (quantile classes, so the ranges come from the data), and no-data grey;
    ``pins`` names the pin layer (``pin_layer``) when the map has one. ``fmt`` turns a value into
    text (a count, a rate as %). Escaped: titles and values only."""
    import html

    ramp = RAMP_GOOD if good_high else RAMP
    v = np.asarray(values, dtype=float)
    ok = v[~np.isnan(v)]
    text = "#e6edf7" if dark else "#222"
    items = []
    if ok.size:
        cls = classes(v)
        for c in range(len(ramp)):
            members = v[cls == c]
            if members.size == 0:
                continue
            lo, hi = float(members.min()), float(members.max())
            span = fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"
            items.append((ramp[c], span))
    if np.isnan(v).any() or not ok.size:
        items.append((NO_DATA, no_data))
    swatches = "".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:10px'>"
        f"<span style='width:14px;height:14px;background:rgb{colour};display:inline-block;margin-right:4px;border:1px solid #888'></span>"
        f"{html.escape(label)}</span>"
        for colour, label in items
    )
    if pins:
        swatches += (
            f"<span style='display:inline-flex;align-items:center'><span style='width:12px;height:12px;border-radius:50%;"
            f"background:rgb{PIN};border:2px solid #fff;display:inline-block;margin-right:4px'></span>{html.escape(pins)}</span>"
        )
    return f"<div class='gp-legend' style='font-size:0.85rem;color:{text}'><b>{html.escape(title)}</b>&nbsp; {swatches}</div>"


def colours(values: np.ndarray, good_high: bool = False, alpha: int = 190) -> list[list[int]]:
    ramp = RAMP_GOOD if good_high else RAMP
    return [[*(NO_DATA if c < 0 else ramp[c]), alpha] for c in classes(np.asarray(values, dtype=float))]


def metric_values(shapes: pl.DataFrame, values: pl.DataFrame, metric: str) -> np.ndarray:
    """The map's metric for every grid drawn, NaN where a grid has none: what colours the grids
    and what their legend describes."""
    return _metric(shapes.join(values, on="grid_code", how="left"), metric)


def _metric(joined: pl.DataFrame, metric: str) -> np.ndarray:
    return joined[metric].cast(pl.Float64).fill_null(float("nan")).to_numpy()


def grid_features(shapes: pl.DataFrame, values: pl.DataFrame, metric: str, tooltip: dict[str, str], good_high: bool = False) -> dict:
    """A GeoJSON FeatureCollection of grids with fill colours by ``metric`` and tooltip fields."""
    joined = shapes.join(values, on="grid_code", how="left")
    fill = colours(_metric(joined, metric), good_high)  # the join done once
    feats = []
    for row, colour in zip(joined.iter_rows(named=True), fill, strict=True):
        props = {k: safe.html_text(row.get(k)) for k in tooltip}  # tooltips are HTML templates
        props.update(grid_code=row["grid_code"], fill=colour)
        feats.append({"type": "Feature", "geometry": json.loads(row["geojson"]), "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def tile_layers(url: str, view: pdk.ViewState, max_tiles: int = 144) -> list[pdk.Layer]:
    """Raster tiles from a configured (intranet) XYZ server under everything else, as one
    BitmapLayer per tile covering the view and its surroundings. Why not deck.gl's TileLayer:
    pydeck's JSON cannot pass the renderSubLayers function a raster TileLayer needs (without it
    deck.gl parses each PNG as GeoJSON and fails). A 256-pixel tile one zoom level above the
    view's (deck.gl counts 512-pixel tiles) is drawn at 1-2x its own resolution; ``{z}``, ``{x}``, ``{y}`` are replaced by
    plain text substitution, and only http(s) URLs are used."""
    if not url.lower().startswith(("http://", "https://")):
        return []
    z = int(np.clip(np.floor(view.zoom) + 1, 0, 19))
    n = 2**z
    span = 1000 * 360 / 512 / 2**view.zoom  # degrees of longitude across 1,000 pixels: all a map shows
    lat_rad = np.radians(view.latitude)
    half_lat = span * np.cos(lat_rad)

    def tile_x(lon: float) -> int:
        return int(np.clip(np.floor((lon + 180) / 360 * n), 0, n - 1))

    def tile_y(lat: float) -> int:
        r = np.radians(np.clip(lat, -85.05, 85.05))
        return int(np.clip(np.floor((1 - np.arcsinh(np.tan(r)) / np.pi) / 2 * n), 0, n - 1))

    def lon_of(x: int) -> float:
        return x / n * 360 - 180

    def lat_of(y: int) -> float:
        return float(np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * y / n)))))

    xs = range(tile_x(view.longitude - span), tile_x(view.longitude + span) + 1)
    ys = range(tile_y(view.latitude + half_lat), tile_y(view.latitude - half_lat) + 1)
    tiles = [(x, y) for y in ys for x in xs][:max_tiles]
    return [
        pdk.Layer(
            "BitmapLayer",
            data=None,
            id=f"tile-{z}-{x}-{y}",
            image=url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)),
            bounds=[lon_of(x), lat_of(y + 1), lon_of(x + 1), lat_of(y)],
        )
        for x, y in tiles
    ]


def view_for(shapes: pl.DataFrame, codes: list[str] | None = None, width: int = 700, height: int = 460) -> pdk.ViewState:
    """A view fitting the grids (or just the given ones) into a map of about width × height
    pixels, with a 10 % margin (web-mercator: a degree of latitude is 1/cos(lat) degrees wide).
    Fitted to the grids' bounding boxes where known, not their centroids: one street's map
    showed its edge grids cut in half."""
    part = shapes.filter(pl.col("grid_code").is_in(codes)) if codes else shapes
    boxed = "x_min" in part.columns
    lon_min, lon_max = _bounds(part["x_min"], part["x_max"]) if boxed else _bounds(part["lon"], part["lon"])
    lat_min, lat_max = _bounds(part["y_min"], part["y_max"]) if boxed else _bounds(part["lat"], part["lat"])
    mid_lat = (lat_max + lat_min) / 2
    span_x = max(lon_max - lon_min, 0.002)
    span_y = max((lat_max - lat_min) / np.cos(np.radians(mid_lat)), 0.002)
    zoom = float(np.clip(np.log2(min(width / span_x, height / span_y) * 360 / 512 / 1.1), 9, 17))
    return pdk.ViewState(longitude=(lon_max + lon_min) / 2, latitude=mid_lat, zoom=zoom)


def _bounds(low: pl.Series, high: pl.Series) -> tuple[float, float]:
    """The smallest of one numeric column and the largest of another, as floats."""
    return float(low.cast(pl.Float64).min()), float(high.cast(pl.Float64).max())  # type: ignore[arg-type]


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict | None, tile_url: str = "") -> pdk.Deck:
    """The map itself: no provider, no style, optional intranet tiles."""
    all_layers = (tile_layers(tile_url, view) if tile_url else []) + layers
    # map_provider=None and no map style at all: Streamlit then draws no basemap (an explicit None
    # style makes Streamlit fall back to Carto tiles from the internet)
    return pdk.Deck(layers=all_layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


def grid_layer(features: dict, layer_id: str = "grids") -> pdk.Layer:
    """Grids filled by their class, each outlined (an analyst picks single grids)."""
    return pdk.Layer(
        "GeoJsonLayer",
        features,
        id=layer_id,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 120],
        line_width_min_pixels=0.5,
        pickable=True,
        auto_highlight=False,  # a highlight redraws the layer on every pointer move: slow without a GPU
    )


def alert_map(
    shapes: pl.DataFrame, forecast: pl.DataFrame, grid_code: str, tile_url: str = "", radius_deg: float = 0.01
) -> tuple[pdk.Deck, np.ndarray] | None:
    """A small map around one alert's grid: nearby grids coloured by forecast cases, the grid
    itself outlined in red; with the values that coloured them (for the legend)."""
    focus = shapes.filter(pl.col("grid_code") == grid_code)
    if focus.height == 0:
        return None
    lon, lat = focus["lon"][0], focus["lat"][0]
    near = shapes.filter(((pl.col("lon") - lon).abs() < radius_deg) & ((pl.col("lat") - lat).abs() < radius_deg * 0.8))
    values = (
        forecast.select("grid_code", "expected", "density_rank")
        if forecast.height
        else pl.DataFrame({"grid_code": [grid_code], "expected": [0.0], "density_rank": [0]})
    )
    filled = grid_features(near, values, "expected", {"grid_name": "", "expected": "", "density_rank": ""})
    outline = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": json.loads(focus["geojson"][0]), "properties": {"grid_code": grid_code}}],
    }
    ring = pdk.Layer(
        "GeoJsonLayer", outline, id="focus", stroked=True, filled=False, get_line_color=[220, 0, 0, 255], line_width_min_pixels=3
    )
    tooltip = {"text": "{grid_name}\n{expected} · #{density_rank}"}
    return deck([grid_layer(filled, "near"), ring], view_for(near), tooltip, tile_url), metric_values(near, values, "expected")


def _rings(geojson: str) -> list[list[list[float]]]:
    """The rings of a GeoJSON Polygon or MultiPolygon (holes included: SVG's evenodd fill keeps
    them open)."""
    geom = json.loads(geojson)
    if geom["type"] == "Polygon":
        return geom["coordinates"]
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["coordinates"] for ring in poly]
    return []


class _Projection:
    """Lon/lat to pixels of a width × height box: the grids' bounding box fitted with a 4 %
    margin, a degree of longitude shortened by cos(latitude) as on any local map."""

    def __init__(self, shapes: pl.DataFrame, width: int, height: int) -> None:
        lon_min, lon_max = _bounds(shapes["x_min"], shapes["x_max"])
        lat_min, lat_max = _bounds(shapes["y_min"], shapes["y_max"])
        self.kx = float(np.cos(np.radians((lat_min + lat_max) / 2)))
        span_x, span_y = max((lon_max - lon_min) * self.kx, 1e-6), max(lat_max - lat_min, 1e-6)
        self.s = min(width / span_x, height / span_y) / 1.08
        self.x0 = (width - span_x * self.s) / 2 - lon_min * self.kx * self.s
        self.y0 = (height + span_y * self.s) / 2 + lat_min * self.s

    def xy(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Pixel columns (x, y) of the given longitudes and latitudes."""
        return np.column_stack([self.x0 + lon * self.kx * self.s, self.y0 - lat * self.s])

    def path(self, geojson: str) -> str:
        """An SVG path: each ring's vertices in whole pixels, repeats dropped (a grid of 40
        vertices shrinks to a dozen points at wall size)."""
        parts = []
        for ring in _rings(geojson):
            pts = np.asarray(ring, dtype=float)
            xy = self.xy(pts[:, 0], pts[:, 1]).round(1)
            keep = np.ones(len(xy), dtype=bool)
            keep[1:] = np.any(np.abs(np.diff(xy, axis=0)) >= 1.0, axis=1)
            xy = xy[keep]
            if len(xy) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in xy) + "Z")
        return "".join(parts)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.xy(np.array([lon], dtype=float), np.array([lat], dtype=float))[0]
        return round(float(x), 1), round(float(y), 1)


def _mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator as a share of the world (0..1 from the west and from the north): what XYZ
    tiles are cut by."""
    lat_rad = np.radians(np.clip(lat, -85.05, 85.05))
    return (lon + 180) / 360, (1 - np.arcsinh(np.tan(lat_rad)) / np.pi) / 2


class _WebMercator(_Projection):
    """The same fit in Web Mercator, so an intranet XYZ tile server's tiles lie under the grids
    (over a district the two differ by under a pixel; the tiles do not forgive it)."""

    def __init__(self, shapes: pl.DataFrame, width: int, height: int) -> None:
        lon_min, lon_max = _bounds(shapes["x_min"], shapes["x_max"])
        lat_min, lat_max = _bounds(shapes["y_min"], shapes["y_max"])
        (x_min, x_max), (y_max, y_min) = _mercator(np.array([lon_min, lon_max]), np.array([lat_min, lat_max]))
        span_x, span_y = max(x_max - x_min, 1e-9), max(y_max - y_min, 1e-9)
        self.width, self.height = width, height
        self.s = min(width / span_x, height / span_y) / 1.08  # pixels per world
        self.x0 = (width - span_x * self.s) / 2 - x_min * self.s
        self.y0 = (height - span_y * self.s) / 2 - y_min * self.s

    def xy(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        mx, my = _mercator(lon, lat)
        return np.column_stack([self.x0 + mx * self.s, self.y0 + my * self.s])

    def tiles(self, url: str, max_tiles: int = 144) -> str:
        """SVG images of the tiles under the box and half its width either side (a wide column
        shows more than the box), at the zoom whose 256-pixel tiles are drawn at 1-2x their own
        resolution. Only http(s) URLs; ``{z}``, ``{x}``, ``{y}`` are replaced as plain text."""
        import html

        if not url.lower().startswith(("http://", "https://")):
            return ""
        z = int(np.clip(np.floor(np.log2(self.s / 256)), 0, 19))
        n = 2**z
        size = self.s / n  # a tile's side in pixels

        def index(pixel: float, origin: float) -> int:
            return int(np.clip(np.floor((pixel - origin) / size), 0, n - 1))

        xs = range(index(-self.width / 2, self.x0), index(self.width * 1.5, self.x0) + 1)
        ys = range(index(0, self.y0), index(self.height, self.y0) + 1)
        tiles = [(x, y) for y in ys for x in xs][:max_tiles]
        return "".join(
            f"<image href='{html.escape(url.replace('{z}', str(z)).replace('{x}', str(x)).replace('{y}', str(y)))}'"
            f" x='{self.x0 + x * size:.1f}' y='{self.y0 + y * size:.1f}' width='{size + 0.5:.1f}' height='{size + 0.5:.1f}'"
            " preserveAspectRatio='none' pointer-events='none'/>"
            for x, y in tiles
        )


@dataclass(frozen=True)
class SvgBase:
    """What a wall map keeps between refreshes: the grids' paths (in ``shapes`` order), the
    street and community outlines, the street labels' positions and the projection for pins."""

    width: int
    height: int
    grids: list[str]
    outlines: str
    labels: list[tuple[str, float, float]]
    projection: _Projection


def svg_base(shapes: pl.DataFrame, regions: pl.DataFrame, width: int, height: int, stroke: str = "#e6ecf5", tiled: bool = False) -> SvgBase:
    """Project the grids and regions once per snapshot and size (~150 ms for 1,000 grids);
    outlines drawn in ``stroke``; ``tiled``: in Web Mercator, for a map over XYZ tiles."""
    proj = (_WebMercator if tiled else _Projection)(shapes, width, height)
    outlines = []
    for level, weight, opacity in (("community", 1, 0.45), ("street", 3, 0.9)):
        d = "".join(proj.path(g) for g in regions.filter(pl.col("level") == level)["geojson"])
        outlines.append(
            f"<path d='{d}' fill='none' stroke='{stroke}' stroke-opacity='{opacity}' stroke-width='{weight}' pointer-events='none'/>"
        )
    streets = regions.filter(pl.col("level") == "street").select("name", "lon", "lat").iter_rows()
    labels = [(name or "", *proj.point(lon, lat)) for name, lon, lat in streets]
    return SvgBase(width, height, [proj.path(g) for g in shapes["geojson"]], "".join(outlines), labels, proj)


def _svg_labels(base: SvgBase, px: int, fill: str, halo: str) -> str:
    import html

    return "".join(
        f"<text x='{x}' y='{y}' font-size='{px}' font-weight='700' fill='{fill}' stroke='{halo}' stroke-width='3'"
        f" paint-order='stroke' text-anchor='middle' dominant-baseline='middle' pointer-events='none'>{html.escape(name)}</text>"
        for name, x, y in base.labels
    )


def explorer_svg(
    base: SvgBase,
    codes: list[str],
    values: np.ndarray,
    tips: list[str],
    selected: str | None = None,
    points: pl.DataFrame | None = None,
    tile_url: str = "",
    good_high: bool = False,
) -> str:
    """The explorer's grid map as one SVG: grids coloured like the wall's (``data-code`` for a
    click, ``data-tip`` for the hover box; both escaped here), the selected grid outlined, street
    and community outlines and names, case points when drilled down to a community, and intranet
    tiles underneath where configured. Why not deck.gl: without a GPU it kept Chromium's main
    thread busy 1-2 s after every explorer visit (software WebGL), which held up the next page."""
    import html

    q = functools.partial(html.escape, quote=True)
    tiles = base.projection.tiles(tile_url) if tile_url and isinstance(base.projection, _WebMercator) else ""
    out = [
        f"<svg class='gp-svgmap' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {base.width} {base.height}' width='100%'"
        f" height='{base.height}' preserveAspectRatio='xMidYMid meet' style='display:block;font-family:{FONT}'>{tiles}"
        "<g stroke='#ffffff' stroke-opacity='0.6' stroke-width='0.5' fill-rule='evenodd'>"
    ]
    for d, code, (r, g, b, a), tip in zip(base.grids, codes, colours(values, good_high), tips, strict=True):
        out.append(f"<path d='{d}' data-code='{q(code)}' data-tip='{q(tip)}' fill='rgb({r},{g},{b})' fill-opacity='{a / 255:.2f}'/>")
    out.append("</g>" + base.outlines)
    if selected in codes:
        d = base.grids[codes.index(selected)]
        out.append(f"<path d='{d}' fill='none' stroke='#1f4e9c' stroke-width='3' pointer-events='none'/>")
    if points is not None and points.height:
        xy = base.projection.xy(points["lon"].cast(pl.Float64).to_numpy(), points["lat"].cast(pl.Float64).to_numpy()).round(1)
        out.append("<g fill='rgb(200,30,30)' fill-opacity='0.8'>")
        out.extend(f"<circle cx='{x:g}' cy='{y:g}' r='2.5' data-tip='{q(tip)}'/>" for (x, y), tip in zip(xy, points["tip"], strict=True))
        out.append("</g>")
    out.append(_svg_labels(base, 15, "#141414", "rgba(255,255,255,0.85)"))
    out.append("</svg>")
    return "".join(out)


def svg_map(
    base: SvgBase, values: np.ndarray, titles: list[str], pins: list[dict], label_px: int = 16, pin_px: int = 8, good_high: bool = False
) -> str:
    """The wall's grid map as one inline SVG (dark style), coloured like ``grid_layer``, with
    street and community outlines, street names and urgent-case pins; each grid and pin has a
    hover title. Why not deck.gl: the wall is read, not explored, and without a GPU deck.gl cost a
    cold wall 1-1.5 s (its 3 MB script plus software WebGL) and held up the next page opened.
    ``values`` and ``titles`` are one per grid of ``base``; every text is escaped here."""
    import html

    out = [
        f"<svg class='gp-svgmap' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {base.width} {base.height}' width='100%'"
        f" height='{base.height}' preserveAspectRatio='xMidYMid meet' style='display:block;font-family:{FONT}'>"
        "<g stroke='none' fill-rule='evenodd'>"
    ]
    for d, (r, g, b, a), title in zip(base.grids, colours(values, good_high), titles, strict=True):
        out.append(f"<path d='{d}' fill='rgb({r},{g},{b})' fill-opacity='{a / 255:.2f}'><title>{html.escape(title)}</title></path>")
    out.append("</g>" + base.outlines)
    out.append(_svg_labels(base, label_px, "#f0f4fa", "rgba(0,0,0,0.65)"))
    r, g, b = PIN
    for p in pins:
        x, y = base.projection.point(p["lon"], p["lat"])
        tip = html.escape(f"{p.get('title') or ''} {p.get('detail') or ''}".strip())
        out.append(
            f"<circle class='gp-pin' cx='{x}' cy='{y}' r='{pin_px}' fill='rgb({r},{g},{b})' stroke='#fff' stroke-width='2'><title>{tip}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)
