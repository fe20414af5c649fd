"""Find a municipality from the heading: a type-ahead search that chooses the city (the same
value as the sidebar's City filter and `city=` in the link), zooms the map to it and brings its
details into view; and, for a press on the map, the details brought back into view when they
are above the window.

The search is Streamlit's own selectbox: its options are the municipalities with both their
names ("Kauniainen (Grankulla)"), which it filters in the browser as the reader types (on a
phone too); a name typed and confirmed that no option spells so ("Kauniainen/Grankulla") comes
to the server as text and is looked up by components.model.search.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from components.base.colours import CAPTION_INK, FIELD_BACKGROUND
from components.base.i18n import LANGUAGES, display_names, t
from components.model.filters import FilterState, Vocabulary
from components.model.search import best_municipality, municipality_names
from components.model.wording import markdown_literal
from components.page.builtin_texts import css_string
from components.page.keys import (
    KEY_DETAILS_CITY,
    KEY_DETAILS_SCROLLS,
    KEY_SEARCH,
    KEY_SEARCH_FOCUS,
    KEY_SEARCH_MISS,
    KEY_SEARCH_SCROLL,
)
from components.page.state import choose

DETAILS_KEY_ = "city_details_"  # the container around a city's details, by its code


def details_key(code: str) -> str:
    return f"{DETAILS_KEY_}{code}"


# The search's place in the heading is kept from the first paint, where a still picture of the
# box stands until the box itself comes with the rest of the page (Streamlit draws nothing for
# a container that holds only styles). Beside the title on a wide screen, under it on a phone.
# The details stop below Streamlit's header bar when brought into view.
SEARCH_STILL = '<div class="finmap-search-still" aria-hidden="true"></div>'
TYPED_OPTION = '[data-key="__creatable__"] [data-item-hl]'


@cache
def search_css() -> str:
    """The search's styles, for every language. Streamlit offers typed text as "Add: …", in
    English, first of the options and even where options match (Enter then picks the first of
    those): it shows only when no option matches, in our words (Enter looks the name up); its
    list is outside the page's containers, so its language is the page's (<html lang>, set by
    the map). Built from our own constants and the locale files only: it goes into the page."""
    rules = [
        ".st-key-heading_search { min-height: 2.5rem; }",
        f".finmap-search-still {{ height: 2.5rem; box-sizing: border-box; display: flex; align-items: center;"
        f" padding: 0 0.75rem 0 2.35rem; border-radius: 0.5rem; background: {FIELD_BACKGROUND}; color: {CAPTION_INK};"
        " font-size: 0.875rem; white-space: nowrap; overflow: hidden; }",
        "@media (min-width: 641px) {",  # clear of the header bar's lower edge, at the heading's right end
        "  .st-key-heading_search { padding-top: 0.3rem; }",
        '  .st-key-heading_search [data-testid="stSelectbox"], .finmap-search-still,',
        '  .st-key-heading_search [data-testid="stCaptionContainer"] {',
        "    max-width: 28rem; margin-left: auto; }",
        "}",
        f'[class*="st-key-{DETAILS_KEY_}"] {{ scroll-margin-top: 4rem; }}',
        '[role="listbox"]:has([role="option"]:not([data-key="__creatable__"])) [data-key="__creatable__"] {',
        "  display: none; }",
        f"{TYPED_OPTION} {{ font-size: 0; }}",
    ]
    for lang in LANGUAGES:
        rules += [
            f".st-key-search_still_{lang} .finmap-search-still::after {{"
            f" content: {css_string(t('search.placeholder', lang))}; }}",
            f'html[lang="{lang}"] {TYPED_OPTION}::after {{ content: {css_string(t("search.typed_name", lang))};'
            " font-size: 0.875rem; }",
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def search_styles() -> None:
    st.html(search_css())


def search_still(lang: str) -> None:
    """The search box's place on a session's first page: its look, with no box to type in yet."""
    with st.container(key=f"search_still_{lang}"):
        st.html(SEARCH_STILL)


def search_box(vocabulary: Vocabulary, state: FilterState) -> None:
    """The search: it shows the chosen city (whatever chose it), an empty box otherwise."""
    lang = state.lang
    labels = vocabulary.city_names[lang]  # "Kauniainen (Grankulla)", by name
    if st.session_state.get(KEY_SEARCH) != state.city:  # a press on the map, the City filter, a link
        st.session_state[KEY_SEARCH] = state.city
    st.selectbox(
        t("search.label", lang),
        list(labels),
        index=None,
        key=KEY_SEARCH,
        format_func=lambda code: labels.get(code, code),
        placeholder=t("search.placeholder", lang),
        label_visibility="collapsed",
        accept_new_options=True,
        on_change=take_search,
        args=(vocabulary, state.city),
        icon=":material/search:",
    )
    missed = st.session_state.pop(KEY_SEARCH_MISS, None)
    if missed:
        st.caption(t("search.not_found", lang, query=markdown_literal(missed[:80])))


def take_search(vocabulary: Vocabulary, before: str | None) -> None:
    """A choice in the search (runs before the script): the City filter takes it, and the map
    and the details are asked to show it. Typed text is looked up by name; a name that finds no
    municipality keeps the choice as it was and says so."""
    value = st.session_state.get(KEY_SEARCH)
    if value is None:  # the box was cleared: so are the details
        choose("city", [])
        return
    code = value if value in vocabulary.city_names["fi"] else best_municipality(value, _names(vocabulary))
    if code is None:
        st.session_state[KEY_SEARCH] = before
        st.session_state[KEY_SEARCH_MISS] = str(value)
        return
    st.session_state[KEY_SEARCH] = code
    choose("city", [code])
    st.session_state[KEY_SEARCH_FOCUS] = (code, st.session_state.get(KEY_SEARCH_FOCUS, ("", 0))[1] + 1)
    st.session_state[KEY_SEARCH_SCROLL] = True


def _names(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    return municipality_names(vocabulary.cities)


def focus(city: str | None) -> int | None:
    """The number of the search that chose `city`, while it is the chosen city: the map zooms to
    it once per search (components/render/map_layers.js)."""
    code, request = st.session_state.get(KEY_SEARCH_FOCUS, ("", 0))
    return request if city and code == city else None


def chosen_name(vocabulary: Vocabulary, city: str | None, lang: str) -> str:
    """The chosen city's name in the page language, for its label on the map."""
    if not city:
        return ""
    rows = vocabulary.cities.loc[vocabulary.cities["municipality_code"] == city]
    return display_names(rows.iloc[0], lang)[0] if len(rows) else ""


# Brings a city's details into view once they are drawn. After a search, details outside the
# window come to its top, under the header bar: on a phone they are under the map and its
# captions (the map is zoomed to the city above them). After a press on the map the map stays
# under the reader's pointer (tests/browser/test_linked.py): details above the window (a
# scrolled page on a wide screen, where they stand beside the map) come down beside the map to
# the window's top, and go back up to their place as the page is scrolled back; details below it
# (on a phone) stay there, and the cue under the map says so.
_INTO_VIEW_JS = """<script>
(function () {
  const searched = ALWAYS, lines = 120, air = 8;
  const doc = window.parent.document;
  let tries = 0;
  const look = () => {
    const details = doc.querySelector('[class*="st-key-DETAILS_KEY_"]');
    if (!details) { if (++tries < 60) setTimeout(look, 50); return; }
    const header = doc.querySelector('[data-testid="stHeader"]');
    const top = header ? header.getBoundingClientRect().bottom : 0;
    const box = details.getBoundingClientRect();
    if (searched) {
      if (box.top < top || box.top + lines > window.parent.innerHeight) {
        details.scrollIntoView({block: 'start', behavior: 'instant'});
      }
      return;
    }
    if (box.top >= top) return;
    const main = doc.querySelector('[data-testid="stMain"]');
    const margin = () => parseFloat(details.style.marginTop) || 0;
    const lower = (first) => {
      const wanted = Math.max(0, top + air - (details.getBoundingClientRect().top - margin()));
      if (first || wanted < margin()) details.style.marginTop = wanted + 'px';
    };
    lower(true);
    const follow = () => { if (details.isConnected) lower(false); else main.removeEventListener('scroll', follow); };
    main.addEventListener('scroll', follow, {passive: true});
  };
  requestAnimationFrame(() => setTimeout(look, 0));
})();
</script>"""


def into_view_after_search_script() -> str:
    return _INTO_VIEW_JS.replace("DETAILS_KEY_", DETAILS_KEY_).replace("ALWAYS", "true")


def into_view_after_press_script() -> str:
    return _INTO_VIEW_JS.replace("DETAILS_KEY_", DETAILS_KEY_).replace("ALWAYS", "false")


def bring_details_into_view(city: str | None, arriving: bool) -> None:
    """When the chosen city has changed since the last run (not on a session's first page),
    the script that brings its details into view; a new element each time, so it runs again."""
    before = st.session_state.get(KEY_DETAILS_CITY)
    st.session_state[KEY_DETAILS_CITY] = city
    searched = st.session_state.pop(KEY_SEARCH_SCROLL, False)
    if arriving or not city or (city == before and not searched):
        return
    runs = st.session_state.get(KEY_DETAILS_SCROLLS, 0) + 1
    st.session_state[KEY_DETAILS_SCROLLS] = runs
    with st.container(key=f"details_into_view_{runs}"):
        if searched:
            st.html(into_view_after_search_script(), unsafe_allow_javascript=True, width=1)
        else:
            st.html(into_view_after_press_script(), unsafe_allow_javascript=True, width=1)
