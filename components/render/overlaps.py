"""The overlap view: which municipalities take part in several cooperation forms, and counts
per partnership and per theme. Altair charts (Streamlit renders them without any CDN)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.base.colours import ACCENT, CHART_EMPTY, CHART_GRID, partnership_colour, partnership_line
from components.base.i18n import name_column, t
from components.data.catalog import Catalog
from components.data.memberships import THEME_SEPARATOR, member_counts

CELL_PX = 18  # a municipality's row: at least this tall, so every name has its line
COLUMN_PX = 34  # a partnership's column: at least this wide, so the slanted names never touch
LABEL_ANGLE = -40
# Point selections a reader makes by clicking (components/page/linked.py reads them back): a matrix
# cell chooses its municipality, a bar its partnership or theme; Shift+click adds more.
MATRIX_SELECTION = "cell"
BAR_SELECTION = "bar"
UNCHOSEN_OPACITY = 0.3  # while something is chosen, the rest fades (outlines stay)


def membership_matrix(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """One line per (municipality, partnership) pair of the selection, with the orders that
    make clusters visible: municipalities by how many partnerships they are in, then by which
    (so cities with the same combination sit together); partnerships in catalog order."""
    partnerships = [p for p in catalog.partnership_ids if p in set(rows["partnership_id"])]
    names = name_column(lang)
    member = (
        rows.assign(member=True)
        .pivot_table(index=["municipality_code", names], columns="partnership_id", values="member", aggfunc="any")
        .reindex(columns=partnerships)
        .fillna(False)
        .astype(bool)
    )
    pattern = member.apply(lambda line: "".join("1" if flag else "0" for flag in line), axis=1)
    ordered = (
        member.assign(_count=member.sum(axis=1), _pattern=pattern)
        .reset_index()
        .sort_values(["_count", "_pattern", names], ascending=[False, False, True])
    )
    long = ordered.melt(
        id_vars=["municipality_code", names, "_count"],
        value_vars=partnerships,
        var_name="partnership_id",
        value_name="member",
    )
    long["municipality"] = long[names]
    long["partnership"] = [catalog.partnership(pid).name(lang) for pid in long["partnership_id"]]
    long["count"] = long["_count"]
    long["city_order"] = long["municipality_code"].map({code: i for i, code in enumerate(ordered["municipality_code"])})
    long["partnership_order"] = long["partnership_id"].map({pid: i for i, pid in enumerate(partnerships)})
    return long[
        [
            "municipality_code",
            "municipality",
            "partnership_id",
            "partnership",
            "member",
            "count",
            "city_order",
            "partnership_order",
        ]
    ]


def matrix_chart(matrix: pd.DataFrame, lang: str) -> alt.Chart:
    cities = matrix.sort_values("city_order")["municipality"].drop_duplicates().tolist()
    partnerships = matrix.sort_values("partnership_order")["partnership"].drop_duplicates().tolist()
    colours = [
        partnership_colour(pid) for pid in matrix.sort_values("partnership_order")["partnership_id"].drop_duplicates()
    ]
    members = matrix[matrix["member"]]
    chosen = alt.selection_point(name=MATRIX_SELECTION, fields=["municipality_code"])
    # Both layers carry the same axes: layered charts merge them, and every label must show.
    x = alt.X(
        "partnership:N",
        sort=partnerships,
        title=None,
        axis=alt.Axis(labelAngle=LABEL_ANGLE, labelLimit=280, labelOverlap=False, orient="top", labelFontSize=12),
    )
    y = alt.Y("municipality:N", sort=cities, title=None, axis=alt.Axis(labelOverlap=False, labelFontSize=12))
    base = alt.Chart(matrix).encode(x=x, y=y)
    grid = base.mark_rect(color=CHART_EMPTY, stroke=CHART_GRID)
    cells = (
        alt.Chart(members)
        .mark_rect(stroke=CHART_GRID)
        .encode(
            x=x,
            y=y,
            color=alt.Color("partnership:N", scale=alt.Scale(domain=partnerships, range=colours), legend=None),
            fillOpacity=alt.condition(chosen, alt.value(1.0), alt.value(UNCHOSEN_OPACITY)),
            tooltip=[
                alt.Tooltip("municipality:N", title=t("column.municipality", lang)),
                alt.Tooltip("partnership:N", title=t("column.partnership", lang)),
                alt.Tooltip("count:Q", title=t("overlap.count", lang)),
            ],
        )
        .add_params(chosen)
    )
    # Steps, not a total size: every cell keeps its size however few or many lines there are;
    # "pad" makes room around the plot for the longest labels instead of squeezing the cells.
    return (grid + cells).properties(
        height=alt.Step(CELL_PX), width=alt.Step(COLUMN_PX), autosize=alt.AutoSizeParams(type="pad")
    )


def partnership_counts(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    counts = member_counts(rows)
    ordered = [pid for pid in catalog.partnership_ids if pid in counts.index]
    return pd.DataFrame(
        {
            "partnership_id": ordered,
            "label": [catalog.partnership(pid).name(lang) for pid in ordered],
            "municipalities": [int(counts[pid]) for pid in ordered],
        }
    )


def theme_counts(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    exploded = rows.assign(theme=rows["themes"].str.split(THEME_SEPARATOR)).explode("theme")
    exploded = exploded[exploded["theme"].fillna("") != ""]
    counts = exploded.groupby("theme")["municipality_code"].nunique()
    ordered = [theme for theme in catalog.themes if theme in counts.index]
    return pd.DataFrame(
        {
            "theme": ordered,
            "label": [catalog.theme_label(theme, lang) for theme in ordered],
            "municipalities": [int(counts[theme]) for theme in ordered],
        }
    )


# Up to 320 px of a bar's name, and never more than 55 % of the chart's box.
LABEL_LIMIT = "min(320, containerSize()[0] * 0.55)"


def bar_chart(counts: pd.DataFrame, lang: str, colours: list[str] | None = None) -> alt.Chart:
    """Bars of municipalities per partnership (with its colours) or per theme; a click chooses
    a bar by its partnership_id or theme (BAR_SELECTION)."""
    labels = counts["label"].tolist()
    field = "partnership_id" if "partnership_id" in counts else "theme"
    chosen = alt.selection_point(name=BAR_SELECTION, fields=[field])
    colour = (
        alt.Color("label:N", scale=alt.Scale(domain=labels, range=colours), legend=None)
        if colours
        else alt.value(ACCENT)
    )
    outline = {}
    if colours and "partnership_id" in counts:  # each bar outlined like its shapes on the map (3:1 on white)
        lines = [partnership_line(pid) for pid in counts["partnership_id"]]
        outline["stroke"] = alt.Stroke("label:N", scale=alt.Scale(domain=labels, range=lines), legend=None)
    return (
        alt.Chart(counts)
        .mark_bar(strokeWidth=1.5)
        .encode(
            # The title ends where the axis ends: centred on a phone's narrow plot it passed the edge.
            x=alt.X(
                "municipalities:Q",
                title=t("overlap.municipalities", lang),
                axis=alt.Axis(tickMinStep=1, titleAnchor="end"),
            ),
            # Names take at most about half the chart's width (the whole name in the tooltip), so
            # the bars keep room on a phone too.
            y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=alt.ExprRef(LABEL_LIMIT))),
            color=colour,
            fillOpacity=alt.condition(chosen, alt.value(1.0), alt.value(UNCHOSEN_OPACITY)),
            **outline,
            tooltip=[
                alt.Tooltip("label:N", title=""),
                alt.Tooltip("municipalities:Q", title=t("overlap.municipalities", lang)),
            ],
        )
        .add_params(chosen)
        .properties(height=alt.Step(26))
    )
