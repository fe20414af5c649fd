"""A city's details beside the map (under it on a phone): its memberships and its population, the
cue under the map that says where they are, and the button that closes them.
"""

from __future__ import annotations

import streamlit as st

from components.base.i18n import t
from components.data.population import Population, details_lines
from components.model.details import CityDetails, MembershipBlock, SourceLink, block_facts
from components.model.wording import markdown_link, markdown_literal
from components.page.state import choose


def city_panel(details: CityDetails | None, lang: str, population: Population | None = None) -> None:
    """The chosen municipality's name, region and population, then one block per membership: a
    list that wraps to any width (nothing scrolls sideways, down to a 320 px phone)."""
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
    for block in details.blocks:
        with st.container(key=f"membership_{block.partnership_id}"):
            membership_block(block, lang)


def membership_block(block: MembershipBlock, lang: str) -> None:
    """One membership, a labelled line a fact; every text from data escaped."""
    st.markdown(f"**{markdown_literal(block.partnership)}**")
    text = [f"{markdown_literal(label)}: {markdown_literal(value)}" for label, value in block_facts(block, lang)]
    if block.focus_source is not None:
        text.append(f"{markdown_literal(t('details.focus_source', lang))}: {link(block.focus_source)}")
    if block.sources:
        text.append(f"{markdown_literal(t('details.sources', lang))}: " + " · ".join(map(link, block.sources)))
    st.markdown("  \n".join(text))
    if block.events:
        events = [
            f"- {markdown_literal(f'{line.date} · {line.kind}' + (f' – {line.scope}' if line.scope else ''))}:"
            f" {markdown_literal(line.text)} ({markdown_link(line.source, line.url)})"
            for line in block.events
        ]
        st.markdown(f"{markdown_literal(t('details.events', lang))}:\n" + "\n".join(events))
    for note in block.event_notes:
        st.caption(markdown_literal(note))
    if block.discrepancy:
        heading = markdown_literal(f"{t('details.sources_disagree', lang)}.")
        st.warning(f"**{heading}** {markdown_literal(block.discrepancy)}", icon="⚖️")


def link(source: SourceLink) -> str:
    return markdown_link(source.label, source.url)


def _close_details() -> None:
    choose("city", [])


def details_cue(lang: str) -> None:
    """On a phone the details come after the map and its captions: say so, right under the map
    (hidden on wide screens, where they are beside it)."""
    with st.container(key="details_below"):
        st.markdown(f"**{t('layout.details_below', lang)}**")


def close_details_button(lang: str) -> None:
    st.button(t("layout.close_details", lang), on_click=_close_details, icon=":material/close:", key="close_details")
