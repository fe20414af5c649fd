"""The map to take away: one HTML file of the current view that opens from disk in any current
browser, with no server and no network (the "Download interactive map (HTML)" button).

The file is the web map itself, not a second drawing of it: Leaflet, components/render/map_layers.js
and the geometry store are inlined, and the map is built by the same folium code and view data
as the app's (components/render/map.py: standalone_map), so order, colours, tooltips, legend and
escaping are the same. Only the background tiles are left out (they need a network): the grey
municipalities, or Finland's outline in points mode, are the background, as in the app's
"no background map". Around the map the file says what it shows: title, filter, date, the map
in words, the memberships (with notes) and every source with its link.

Every text from data is escaped: in the map by components/render/map.py, on the page here with
html.escape; JSON inside a <script> has <, > and & written as \\u003c, \\u003e, \\u0026, so no
text can end the script it is in.
"""

from __future__ import annotations

import base64
import re
from datetime import date
from html import escape
from urllib.parse import urlsplit

import pandas as pd

from components.base.colours import (
    CAPTION_INK,
    FOCUS_RING,
    PAGE_BACKGROUND,
    TABLE_HEADER,
    TEXT_INK,
    TITLE_INK,
    UPLOADED_INK,
)
from components.base.i18n import format_count, t
from components.base.web import is_web_address
from components.data import periods
from components.data.catalog import Catalog
from components.data.memberships import UploadedList
from components.data.population import Population, covered_line
from components.model.map import MapGeometry, layer_plan
from components.model.wording import data_as_of, format_date, source_line, uploaded_line
from components.render import exports
from components.render.assets import leaflet_source_dir
from components.render.map import MAP_SCRIPT, standalone_map
from components.render.slide import alt_text

MAX_BYTES = 1024 * 1024  # the default view (all partnerships, polygons) stays well under this


def interactive_map(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometry: MapGeometry,
    lang: str,
    summary: str,
    population: Population | None = None,
    selected_city: str | None = None,
    whole_country: bool = True,
    link: str = "",
    day: date | None = None,
    uploaded: UploadedList | None = None,
    funding: tuple = (),
) -> bytes:
    """The page as UTF-8 bytes: `rows` on the map (as the app's map shows them, around
    `selected_city`, fitted to Finland when `whole_country`), with `summary` (the filter in
    words), `day` (the date of the view, default today), the memberships and the sources; `link`
    leads back to the view in the app. Each membership's `funding` figures are a column of the table."""
    people = population.figures if population is not None else None
    drawn = standalone_map(rows, catalog, geometry.by_code, lang, selected_city, whole_country, people)
    title = t("app.title", lang)
    iso_day = (day or periods.today()).isoformat()
    mode = "polygons" if geometry.has_polygons else "points"
    plan = layer_plan(rows, catalog, geometry.by_code, lang)
    explains = bool(plan.badges) or any(len(radii) > 1 for radii in plan.rings.values())
    # The slide's texts break lines where the slide needs them; here they run as one line.
    covered = covered_line(rows, population, lang, "static_line") if population is not None else None
    meta = [
        t("html_map.view_date", lang, date=format_date(iso_day, lang)),
        *([covered.replace("\n", " · ")] if covered else []),
    ]
    words = alt_text(rows, catalog, lang, summary, population).replace("\n", " · ")
    notes = [t(f"static.note_{mode}", lang).replace("\n", " ")] if explains else []
    notes.append(t("html_map.offline", lang))
    back = (
        f'<p><a href="{escape(link)}">{escape(t("html_map.open_in_app", lang))}</a></p>'
        if is_web_address(link) and uploaded is None
        else ""
    )
    origin = uploaded_line(uploaded, lang) if uploaded is not None else ""
    heading = f"{origin} {summary}" if origin else summary
    page = f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – {escape(heading)}</title>
<style>{leaflet_css()}</style>
{drawn.head}
<style>{PAGE_CSS}</style>
<script>{inline_script(leaflet_js())}</script>
<script>{inline_script(MAP_SCRIPT)}
finmap.useStore({script_json_text(geometry.store)});</script>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
{f'<p class="origin" role="note">{escape(origin)}</p>' if origin else ""}
<p class="summary">{escape(summary)}</p>
<p class="meta">{escape(" · ".join(meta))}</p>
</header>
<main>
<div class="map-box" role="region" aria-label="{escape(t("map.label", lang))}">{drawn.body}</div>
<p class="note">{escape(" ".join(notes))}</p>
<h2>{escape(t("html_map.in_words", lang))}</h2>
<p>{escape(words)}</p>
<h2>{escape(t("html_map.members", lang))}</h2>
<div class="table-box">{members_table(rows, catalog, lang, population, funding)}</div>
<h2>{escape(t("column.sources", lang))}</h2>
{sources_list(catalog, lang, mode, population)}
{back}
</main>
<footer><p class="meta">{escape(data_as_of(catalog, lang))}</p></footer>
<script>{inline_script(drawn.script)}</script>
</body>
</html>
"""
    return page.encode("utf-8")


def members_table(
    rows: pd.DataFrame, catalog: Catalog, lang: str, population: Population | None, funding: tuple = ()
) -> str:
    """The rows as the app's table shows them (same columns, headers and notes in `lang`),
    every cell escaped, and a cell a spreadsheet's web-page import would run as a formula made
    inert as in the CSV; sources as links."""
    table = exports.table_view(exports.export_rows(rows, catalog, lang, population, funding=funding), lang)
    table = table.drop(columns=[t("column.code", lang)])  # for a meeting, not for joining tables
    source = t("column.source", lang)
    people = t("population.column", lang)
    note = t("column.note", lang)

    def cell(column: str, value: object) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return "<td></td>"
        if column == people:
            return f'<td class="number">{escape(format_count(int(value), lang))}</td>'
        text = str(exports.neutralise(str(value)))
        if column == source and is_web_address(text):  # named by its site; the address is the link
            return f'<td><a href="{escape(text)}">{escape(urlsplit(text).hostname or text)}</a></td>'
        return f'<td class="note">{escape(text)}</td>' if column == note else f"<td>{escape(text)}</td>"

    header = "".join(f'<th scope="col">{escape(str(column))}</th>' for column in table.columns)
    body = "\n".join(
        "<tr>" + "".join(cell(column, value) for column, value in zip(table.columns, record, strict=True)) + "</tr>"
        for record in table.itertuples(index=False, name=None)
    )
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def sources_list(catalog: Catalog, lang: str, mode: str, population: Population | None) -> str:
    """Every catalog source with its link (as the app lists them), then where the geometry and
    the population figures come from."""
    items = []
    for source_id, source in catalog.sources.items():
        label = escape(source_line(source, lang))
        linked = f'<a href="{escape(source.url)}">{label}</a>' if is_web_address(source.url) else label
        items.append(f"<li><b>{escape(source_id)}</b> {linked}</li>")
    items.append(f"<li>{escape(t(f'static.geometry_{mode}', lang))}</li>")
    if population is not None and population.available:
        items.append(f"<li>{escape(population.attribution(lang))}</li>")
    return '<ul class="sources">\n' + "\n".join(items) + "\n</ul>"


# ----------------------------------------------------------------------------- inlined parts


def script_json_text(text: str) -> str:
    """JSON text made safe inside a <script>: <, > and & (which only occur inside its strings)
    and the line separators that older parsers reject, written as \\u escapes."""
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def inline_script(code: str) -> str:
    """Script code to put between <script> tags: no source-map comment (it would make the
    browser's tools ask for a file), and nothing that could close the tag early."""
    code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.M)
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.I).replace("<!--", "<\\!--")


def leaflet_js() -> str:
    return (leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")


def leaflet_css() -> str:
    """Leaflet's stylesheet with its images as data: URIs, so no file is asked for."""
    images = leaflet_source_dir() / "images"

    def data_uri(match: re.Match) -> str:
        image = images / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, (leaflet_source_dir() / "leaflet.css").read_text("utf-8"))
    return re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)


PAGE_CSS = f"""
html, body {{ margin: 0; padding: 0; background: {PAGE_BACKGROUND}; color: {TEXT_INK};
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
header, main, footer {{ max-width: 1400px; margin: 0 auto; padding: 0 16px; }}
header {{ padding-top: 12px; }}
h1 {{ font-size: 1.5rem; line-height: 1.2; margin: 0 0 4px 0; color: {TITLE_INK}; }}
h2 {{ font-size: 1.15rem; margin: 20px 0 6px 0; color: {TITLE_INK}; }}
header p {{ margin: 0 0 4px 0; }}
.summary {{ font-weight: 600; color: {TITLE_INK}; }}
.origin {{ font-weight: 700; color: {UPLOADED_INK}; border-left: 4px solid {UPLOADED_INK}; padding-left: 8px; }}
.meta, .note {{ color: {CAPTION_INK}; font-size: 0.9rem; }}
.map-box {{ margin-top: 8px; }}
/* The map takes the window's height less the heading, at least 320 px. */
.map-box .folium-map {{ position: relative; width: 100%; height: max(320px, calc(100svh - 150px)); }}
@media (max-width: 640px) {{ .map-box .folium-map {{ height: max(320px, calc(100svh - 200px)); }} }}
.leaflet-container {{ font-size: 13px; }}
.table-box {{ overflow-x: auto; }}
/* On a phone the table keeps a laptop's layout and scrolls sideways in its box, instead of
   rows a screen tall. */
table {{ border-collapse: collapse; font-size: 0.85rem; width: 100%; min-width: 1100px; }}
td.note {{ min-width: 16em; width: 32%; }}
th, td {{ text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid {TABLE_HEADER}; }}
th {{ background: {TABLE_HEADER}; color: {TITLE_INK}; }}
td.number {{ text-align: right; white-space: nowrap; }}
.sources {{ padding-left: 1.2em; }}
a {{ color: {FOCUS_RING}; }}
:focus-visible {{ outline: 3px solid {FOCUS_RING}; outline-offset: 2px; }}
"""
