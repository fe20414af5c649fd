"""Texts shared by the views, in the page language: a status or theme list in words, dates as
the page writes them, a source's line, and Markdown in which every text from data is escaped.
"""

from __future__ import annotations

import re

from components.base.i18n import t
from components.base.web import is_web_address
from components.data.catalog import Catalog, Source
from components.data.changes import Change
from components.data.memberships import THEME_SEPARATOR, UploadedList

MAX_FILE_NAME_SHOWN = 60  # an uploaded file's name as files made from it repeat it


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def not_known_words(since: str, lang: str) -> str:
    """ "status not known since 1.4.2027" for a row's periods.NOT_KNOWN_COLUMN value; "" when empty."""
    return t("status_not_known.mark", lang, date=format_date(since, lang)) if since else ""


def theme_labels(themes: str, catalog: Catalog, lang: str) -> str:
    return ", ".join(catalog.theme_label(theme, lang) for theme in themes.split(THEME_SEPARATOR) if theme)


def day_month_year(value: str) -> str:
    """An ISO date or month as people write it here: 2021-02-09 -> 9.2.2021, 2023-10 -> 10/2023."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return value


def format_date(value: str, lang: str) -> str:
    """An ISO date or month as the page shows it, in every language: 9.2.2021 and 10/2023.
    English too: the Finnish government's English pages date their releases so
    (valtioneuvosto.fi/en: "Publication date 5.6.2024"), day before month, which no English
    reader takes for a US date with its dots; one format keeps the English page from showing
    2021-02-09 beside the 9.2.2021 of a figure or a picture. Files for machines (CSV, XLSX, GeoJSON
    columns, the link, file names) keep ISO dates."""
    del lang  # one format for fi, sv and en; the parameter keeps every caller's wording alike
    return day_month_year(value) if value else value


_WHITESPACE = re.compile(r"[^\S\u00a0]+")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


# GitHub-flavoured Markdown (Streamlit's) makes a bare address a link by itself, escaped or not:
# an invisible word joiner inside "://", "www." and before "@" keeps it text.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.I)
WORD_JOINER = "\u2060"


def markdown_literal(text: str) -> str:
    """`text` as Markdown that shows exactly that text: no emphasis, links, HTML or formulas."""
    # Whitespace runs become one space, except the no-break spaces that hold a number together.
    plain = _AUTOLINK.sub(WORD_JOINER, _WHITESPACE.sub(" ", str(text)).strip())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain)


def markdown_text(key: str, lang: str, /, **params: object) -> str:
    """A locale text for a Markdown box (st.info, st.caption...) whose parameters may come from
    outside (a link, an uploaded file's name, the data): each is escaped, so it shows as text and
    never becomes a link, an image or formatting. Numbers pass as they are."""
    return t(key, lang, **{name: markdown_literal(v) if isinstance(v, str) else v for name, v in params.items()})


def source_line(source: Source, lang: str) -> str:
    """What a source is (in the page language), who published it and when, as plain text."""
    parts = [source.label(lang)]
    if source.publisher:
        parts.append(source.publisher)
    if source.date:
        parts.append(t("timeline.published", lang, date=format_date(source.date, lang)))
    if source.checked:
        parts.append(t("current.checked", lang, date=format_date(source.checked, lang)))
    return " · ".join(parts)


def data_as_of(catalog: Catalog, lang: str) -> str:
    """ "Data as of 7.12.2026": the data's own date (Catalog.data_as_of) as every view and
    download states it; empty when no source says when it was checked."""
    day = catalog.data_as_of
    return t("current.data_as_of", lang, date=format_date(day, lang)) if day else ""


def change_round(change: Change, lang: str) -> str:
    """The round a change came in, in words: the release's corrections or an audit of a day."""
    if change.round == "release":
        return t("current.round_release", lang)
    return t("current.round_audit", lang, date=format_date(change.round.removeprefix("audit-"), lang))


def changes_markdown(changes: tuple[Change, ...], lang: str) -> str:
    """What changed in the data, one dated entry a line (newest first, as given), each with its
    round and sources; every text from the data escaped."""
    if not changes:
        return markdown_literal(t("current.no_changes", lang))
    return "\n".join(_change_line(change, lang) for change in changes)


def _change_line(change: Change, lang: str) -> str:
    when = markdown_literal(format_date(change.date, lang))
    line = f"- **{when}** · {markdown_literal(change_round(change, lang))}: {markdown_literal(change.text(lang))}"
    if change.sources:
        line += f" ({markdown_text('current.change_sources', lang, ids=', '.join(change.sources))})"
    return line


def sources_markdown(catalog: Catalog, lang: str) -> str:
    """The sources as a list of links, each with its identifier, what it is in the page language,
    its publisher, date and when it was last checked."""
    return "\n".join(
        f"- **{markdown_literal(source_id)}** {markdown_link(source_line(source, lang), source.url)}"
        for source_id, source in catalog.sources.items()
    )


def markdown_link(text: str, url: str) -> str:
    """`text` as a Markdown link to `url` when it is a web address (components.base.web); else
    the text and the address, both as text."""
    if is_web_address(url) and not re.search(r"[<>]", url):
        return f"[{markdown_literal(text)}](<{url}>)"
    return f"{markdown_literal(text)} ({markdown_literal(url)})"


def uploaded_line(uploaded: UploadedList, lang: str) -> str:
    """What every file made from an uploaded list says of it: its name, rows and when it was
    checked, and that it is not the published data."""
    name = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", uploaded.file_name).split())  # one line, whatever it holds
    if len(name) > MAX_FILE_NAME_SHOWN:
        name = name[: MAX_FILE_NAME_SHOWN - 1] + "…"
    when = uploaded.checked_at
    clock = f"{when.hour}.{when.minute:02d}" if lang == "fi" else f"{when.hour:02d}:{when.minute:02d}"
    time = f"{format_date(when.date().isoformat(), lang)} {clock}"
    return t("export.uploaded", lang, file=name, count=uploaded.rows, time=time)
