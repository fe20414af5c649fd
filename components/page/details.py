"""A city's details beside the map (under it on a phone): its memberships and its population, the
cue under the map that says where they are, and the button that closes them.
"""

from __future__ import annotations

import streamlit as st

from components.base.i18n import t
from components.data.population import Population, details_lines
from components.model.details import CityDetails
from components.model.wording import markdown_link, markdown_literal
from components.page.state import choose


def city_panel(details: CityDetails | None, lang: str, population: Population | None = None) -> None:
    if details is None:
        st.caption(t("details.hint", lang))
        return
    st.header(markdown_literal(details.name), anchor=False)  # h2: the page has one h1, the title
    if details.other_name:
        st.caption(markdown_literal(details.other_name))
    st.text(f"{t('details.region', lang)}: {details.region}")
    if population is not None:
        for line in details_lines(details.code, population, lang):
            st.text(line)
    st.dataframe(
        details.memberships,
        hide_index=True,
        column_config={
            t(key, lang): st.column_config.LinkColumn(t(key, lang))
            for key in ("column.source", "timeline.members_source")
        },
    )
    for partnership, note in details.notes:
        st.text(f"{partnership}: {note}")
    for partnership, focus, source in details.focus_areas:
        st.text(f"{t('timeline.focus_areas', lang)} – {partnership}: {focus}")
        if source:
            st.caption(f"{t('timeline.focus_source', lang)}: {markdown_link(source, source)}")
    for partnership, text in details.funding:
        st.text(f"{t('funding.column', lang)} – {partnership}: {text}")
    if details.events:
        st.markdown(f"**{markdown_literal(t('events.heading', lang))}**")
        with st.container(key="details_events"):
            for partnership, event in details.events:
                scope = f" – {event.scope}" if event.scope else ""
                what = f"{event.date} · {event.kind} · {partnership}{scope}: {event.text}"
                st.markdown(f"{markdown_literal(what)} ({markdown_link(event.source, event.url)})")
    for note in details.event_notes:
        st.text(note)
    for partnership, text in details.discrepancies:
        heading = markdown_literal(f"{t('details.sources_disagree', lang)} – {partnership}.")
        st.warning(f"**{heading}** {markdown_literal(text)}", icon="⚖️")


def _close_details() -> None:
    choose("city", [])


def details_cue(lang: str) -> None:
    """On a phone the details come after the map and its captions: say so, right under the map
    (hidden on wide screens, where they are beside it)."""
    with st.container(key="details_below"):
        st.markdown(f"**{t('layout.details_below', lang)}**")


def close_details_button(lang: str) -> None:
    st.button(t("layout.close_details", lang), on_click=_close_details, icon=":material/close:", key="close_details")
