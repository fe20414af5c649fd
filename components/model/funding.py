"""Money as the page says it: a figure in the page language, with what it is for, its period
and its source every time, and "not given" where no source states one. Figures are never
added up: they differ in what they are for, their period and what they cover.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from components.base.i18n import format_count, t
from components.data.catalog import Catalog
from components.data.funding import Funding
from components.model.wording import format_date, markdown_literal

MILLION = 1_000_000


def format_eur(amount: int, lang: str) -> str:
    """Euros as the page language writes them: a figure of whole thousands from a million up in
    millions ("12 milj. euroa", "16,106 milj. euro", "EUR 16.106 million"), else exact euros
    with the language's digit grouping."""
    if amount >= MILLION and amount % 1000 == 0:
        millions = f"{amount / MILLION:.3f}".rstrip("0").rstrip(".")
        number = millions if lang == "en" else millions.replace(".", ",")
        return t("funding.millions", lang, number=number)
    return t("funding.euros", lang, number=format_count(amount, lang))


def amount_text(figure: Funding, lang: str) -> str:
    """The figure itself: "at least EUR 755 million", or "not given" when the sources state that
    there is money but no figure."""
    if figure.amount_eur is None:
        return t("funding.not_given", lang)
    amount = format_eur(figure.amount_eur, lang)
    return t("funding.at_least", lang, amount=amount) if figure.qualifier == "at-least" else amount


def figure_line(figure: Funding, lang: str, with_note: bool = False) -> str:
    """One figure in words: amount – what it is for, period, (context), source id and date, and
    its note when asked (what it is not, where a missing figure would be)."""
    details = [figure.purpose(lang)]
    # Whose it is when not the whole partnership's: a card lists a group's figure with its group.
    details += [whose for whose in (_groups_text(figure, lang), figure.municipality_code) if whose]
    if figure.period:
        details.append(figure.period)
    if figure.context:
        details.append(t("funding.context", lang))
    source = ", ".join(filter(None, (figure.source, format_date(figure.date, lang))))
    line = t("funding.line", lang, amount=amount_text(figure, lang), details=", ".join(details), source=source)
    note = _note(figure, lang) if with_note else ""
    return f"{line}. {note}" if note else line


def figures_of(funding: Iterable[Funding], partnership_id: str, group: str = "", code: str = "") -> list[Funding]:
    """The figures of one membership (its partnership's, its group's, its municipality's), or
    of one partnership as a whole when neither group nor code is given."""
    if not group and not code:
        return [figure for figure in funding if figure.partnership_id == partnership_id]
    return [figure for figure in funding if figure.applies_to(partnership_id, group, code)]


def funding_text(figures: Sequence[Funding], lang: str, with_notes: bool = False) -> str:
    """The figures as one text ("; " between them), or "not given"; never their sum."""
    if not figures:
        return t("funding.not_given", lang)
    return "; ".join(figure_line(figure, lang, with_notes) for figure in figures)


def card_line(funding: Iterable[Funding], partnership_id: str, lang: str) -> str:
    """The card's short line: "Funding: …" or "Funding: not given"."""
    return t("funding.label_text", lang, text=funding_text(figures_of(funding, partnership_id), lang))


def where_given(funding: Iterable[Funding], catalog: Catalog, lang: str) -> str:
    """Which partnerships have figures, for the comparison and timeline tabs (a programme's money
    given as context is named as such)."""
    funding = list(funding)
    names = []
    for partnership in catalog.partnerships:
        own = [figure for figure in figures_of(funding, partnership.id) if figure.amount_eur is not None]
        if own:
            # Each named with its figures' periods, so an earlier round is not read as today's.
            said = sorted({figure.period for figure in own if figure.period})
            if all(figure.context for figure in own):
                said.append(t("funding.context", lang))
            names.append(partnership.name(lang) + (f" ({', '.join(said)})" if said else ""))
    if not names:
        return t("funding.where_none", lang)
    return t("funding.where", lang, names=", ".join(names))


def funding_table(
    funding: Iterable[Funding], catalog: Catalog, lang: str, partnership_ids: Iterable[str] | None = None
) -> list[dict[str, str]]:
    """The overview's table: one row per figure, per partnership in catalog order (those of
    `partnership_ids` when given), and one "not given" row for a partnership with none. Headers
    in the page language."""
    funding = list(funding)
    wanted = None if partnership_ids is None else set(partnership_ids)
    not_given = t("funding.not_given", lang)
    rows = []
    for partnership in catalog.partnerships:
        if wanted is not None and partnership.id not in wanted:
            continue
        figures = figures_of(funding, partnership.id)
        for figure in figures or [None]:
            rows.append(
                {
                    t("column.partnership", lang): partnership.name(lang),
                    t("funding.column_amount", lang): amount_text(figure, lang) if figure else not_given,
                    t("funding.column_purpose", lang): figure.purpose(lang) if figure else "",
                    t("funding.column_period", lang): figure.period if figure else "",
                    t("funding.column_for", lang): _applies_to(figure, lang) if figure else "",
                    t("column.source", lang): figure.source if figure else "",
                    t("funding.column_date", lang): format_date(figure.date, lang) if figure else "",
                    t("column.note", lang): _note(figure, lang) if figure else "",
                }
            )
    return rows


def _applies_to(figure: Funding, lang: str) -> str:
    """Whose money it is: the partnership's, a group's or a municipality's, or context."""
    if figure.context:
        return t("funding.context", lang)
    if figure.municipality_code:
        return figure.municipality_code
    return _groups_text(figure, lang) or t("funding.whole_partnership", lang)


def _groups_text(figure: Funding, lang: str) -> str:
    """The group a figure is of, or the groups that hold it together; "" for none."""
    if len(figure.groups) > 1:
        return t("funding.groups_together", lang, names=", ".join(figure.groups))
    return figure.group


def _note(figure: Funding, lang: str) -> str:
    return figure.note(lang) or figure.note_en


def funding_markdown(funding: Iterable[Funding], catalog: Catalog, lang: str) -> str:
    """funding_table() as a Markdown list, one figure a line and every part escaped: a table of
    eight columns does not fit a phone (the page must reflow at 320 px), and the overview stays
    light to draw (no table widget), as the tab that is open when the page loads."""
    lines = []
    source_header = t("column.source", lang)
    for record in funding_table(funding, catalog, lang):
        if record[source_header]:
            record[source_header] = f"{source_header}: {record[source_header]}"
        name, amount, *rest = record.values()
        parts = [markdown_literal(value) for value in rest if value]
        line = f"- **{markdown_literal(name)}**: {markdown_literal(amount)}"
        lines.append(" · ".join([line, *parts]))
    return "\n".join(lines)
