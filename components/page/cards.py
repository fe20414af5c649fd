"""The partnership cards beside the map, which are both legend and filter: a ticked card is a
chosen partnership (the same session value as the Partnership filter).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.base.i18n import t
from components.model.cards import PartnershipCard
from components.model.wording import markdown_literal
from components.page.keys import KEY_CARD_, KEY_PARTNERSHIPS
from components.page.state import choose


def _card_key(partnership_id: str) -> str:
    return f"{KEY_CARD_}{partnership_id}"


def _toggle_partnership(partnership_id: str) -> None:
    chosen = list(st.session_state[KEY_PARTNERSHIPS])
    if st.session_state[_card_key(partnership_id)]:
        chosen.append(partnership_id) if partnership_id not in chosen else None
    else:
        chosen = [pid for pid in chosen if pid != partnership_id]
    choose("partnerships", chosen)


def cards_panel(cards: Sequence[PartnershipCard], lang: str) -> None:
    """One card per partnership: a checkbox named after it (choosing filters the map, as the
    Partnership filter does), its colour as the card's edge, and its facts under the name
    (components/model/cards.py: partnership_cards). The chosen ones follow the Partnership filter."""
    chosen = set(st.session_state[KEY_PARTNERSHIPS])
    with st.container(key="partnership_cards", gap="small"):
        st.markdown(f"**{t('cards.title', lang)}**")
        for card in cards:
            # The filter may have changed in the sidebar since the last run: follow it.
            st.session_state[_card_key(card.partnership_id)] = card.partnership_id in chosen
            with st.container(border=True, key=f"card_{card.partnership_id}", gap=None):
                st.checkbox(
                    card.name,
                    key=_card_key(card.partnership_id),
                    on_change=_toggle_partnership,
                    args=(card.partnership_id,),
                    disabled=not card.on_map,
                )
                st.caption(markdown_literal(card.caption))
                if card.funding:
                    st.caption(markdown_literal(card.funding))
