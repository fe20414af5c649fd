"""The sidebar: the language, the filters (one widget per FilterSpec), the background map, the
reset and presentation buttons; and the small browser scripts that close it on a phone once a
filter has been chosen, so that the map is seen.
"""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from components.base.i18n import LANGUAGES, t
from components.data import periods
from components.data.population import Population
from components.model.days import quick_days
from components.model.filters import FILTERS, FIRST_DAY, LAST_DAY, FilterState, Vocabulary, chosen, has_figures
from components.model.map import BASEMAPS
from components.model.wording import day_month_year
from components.page.builtin_texts import page_words
from components.page.keys import (
    KEY_BASEMAP,
    KEY_DAY,
    KEY_DAY_CHOICE,
    KEY_LANG,
    KEY_LAST_FILTERS,
    KEY_SIDEBAR_CLOSES,
)
from components.page.state import relabel_chosen_values, reset_filters, start_presenting


def sidebar(vocabulary: Vocabulary, view: FilterState, population: Population | None = None) -> None:
    """Language, filters, reset and background map, in that order (`view`: this run's state)."""
    language_choice(view.lang)
    filter_controls(vocabulary, view, population)


def language_choice(lang: str) -> None:
    """The sidebar's first control; a change redraws the whole page in the new language, and
    puts Streamlit's own words (screen readers' names, tooltips) in it too."""
    with st.sidebar:
        page_words(lang)
        st.radio(
            t("filters.language", lang),
            LANGUAGES,
            key=KEY_LANG,
            format_func=lambda code: t("language.name", code),
            horizontal=True,
            on_change=relabel_chosen_values,
        )


def filter_controls(vocabulary: Vocabulary, view: FilterState, population: Population | None = None) -> None:
    """The filters, reset, presentation and background map, under the language. A filter that
    needs population figures is shown disabled without them, its reason under it; its values
    stay (components.model.filters.applied)."""
    lang = view.lang
    missing = None if has_figures(population) else without_figures_reason(population, lang)
    with st.sidebar:
        st.html(_CHIPS_CSS)  # constant CSS of our own
        st.header(t("filters.title", lang))
        day_control(lang)  # first: at 1366x768 it was below the window's edge
        already = chosen(view)
        for spec in FILTERS:
            widget = st.selectbox if spec.single else st.multiselect
            disabled = spec.needs_population and missing is not None
            widget(
                t(spec.label, lang),
                spec.offered(vocabulary, already, lang),
                key=spec.key,
                format_func=spec.in_words(vocabulary, lang),
                placeholder=t(spec.placeholder, lang),
                disabled=disabled,
                # An empty multiselect already means "all" (its placeholder says so), and
                # Streamlit's "Select all" option is English whatever the page's language.
                **({"index": None} if spec.single else {"select_all": False}),
            )
            if disabled:
                st.caption(missing)
        st.button(t("filters.reset", lang), on_click=reset_filters, icon=":material/restart_alt:")
        st.button(t("present.start", lang), on_click=start_presenting, icon=":material/slideshow:")
        st.divider()
        st.radio(
            t("filters.basemap", lang),
            BASEMAPS,
            key=KEY_BASEMAP,
            format_func=lambda choice: t(f"map.basemap_{choice}", lang),
            help=t("filters.basemap_help", lang),
        )


# A chosen value's chip shows its whole name, on two lines where it must: Streamlit cuts a chip
# at 160 px ("100 000–249 999 asuk…", the name only in its tooltip). The numbers' spaces do not
# break, so a size class wraps before its noun. The box of chips grows to hold the five size
# classes chosen (it scrolled from the fourth); more chips than that scroll, as before.
_CHIPS_CSS = """<style>
[data-testid="stSidebar"] div:has(> [data-testid="stMultiSelectTagsContainer"]) { max-height: 16rem !important; }
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag] {
  max-width: 100% !important; height: auto !important; min-height: 28px; }
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag] > span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  line-height: 1.3; padding-block: 0.2rem; }
</style>"""


def day_control(lang: str) -> None:
    """The day the memberships are in force on, and beside it the days people ask about
    (components.model.days), each one press away instead of a dozen months in the calendar."""
    st.date_input(
        t("in_force.label", lang),
        key=KEY_DAY,
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        format=t("in_force.date_format", lang),
        help=t("in_force.help", lang),
    )
    days = quick_days(periods.today())
    shown = st.session_state.get(KEY_DAY) or periods.today()
    # The quick day that is the control's day shows chosen; another day, none.
    st.session_state[KEY_DAY_CHOICE] = next((name for name, day in days.items() if day == shown), None)
    st.pills(
        t("calm.day.label", lang),
        list(days),
        key=KEY_DAY_CHOICE,
        format_func=lambda name: quick_day_label(name, days[name], lang),
        on_change=take_quick_day,
        help=t("calm.day.help", lang, date=day_month_year(days["term_end"].isoformat())),
    )
    st.html(day_keys_html(shown, t("in_force.date_format", lang)), unsafe_allow_javascript=True, width=1)


def day_keys_html(day: date, control_format: str) -> str:
    """The control's key script, and beside it the applied day as the control writes it (which
    Escape puts back in the fields), escaped: the format comes from a locale file."""
    written = html.escape(in_control_format(day, control_format))
    return f'<span hidden data-finmap-applied-day="{written}"></span>{_DAY_KEYS_JS}'


def in_control_format(day: date, control_format: str) -> str:
    """`day` as the date control writes it (Streamlit's "DD.MM.YYYY", "YYYY/MM/DD" and the like)."""
    written = control_format.replace("YYYY", f"{day.year:04d}")
    return written.replace("MM", f"{day.month:02d}").replace("DD", f"{day.day:02d}")


def quick_day_label(name: str, day: date, lang: str) -> str:
    written = day_month_year(day.isoformat())
    return {"today": t("calm.day.today", lang), "term_end": t("calm.day.term_end", lang, date=written)}.get(
        name, written
    )


def take_quick_day() -> None:
    """A quick day pressed becomes the control's day (pressing the chosen one again keeps it)."""
    day = quick_days(periods.today()).get(st.session_state.get(KEY_DAY_CHOICE) or "")
    if day is not None:
        st.session_state[KEY_DAY] = day


# A typed day applies when the control loses focus or its calendar closes, not on Enter, nor on
# Tab (which moves to the calendar button, inside the control). Enter in the control's fields
# does both: the day applies, and the keyboard stays in the control. Escape closed the calendar
# and so applied the typed day; it now cancels the edit: the applied day goes back into the
# fields (pasted, which Streamlit takes as a day typed whole and, being the applied one, does
# not send), and the focus stays in the year, where a day typed next applies on Enter. Once per
# page; the applied day is read from the span drawn beside this script on every run.
_DAY_KEYS_JS = """
<script>
(function () {
  if (window.__finmapDayKeys) return;
  window.__finmapDayKeys = true;
  const fieldOf = (target) =>
    target.closest && target.closest('[data-testid="stDateInputField"] [role="spinbutton"]');
  // On the window, before Streamlit's own Escape (on the document) closes the calendar.
  window.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !event.isTrusted) return;  // not the Escape sent by Enter below
    const field = fieldOf(event.target);
    const applied = document.querySelector('[data-finmap-applied-day]');
    if (!field || !applied) return;
    const day = new DataTransfer();
    day.setData('text/plain', applied.getAttribute('data-finmap-applied-day'));
    field.dispatchEvent(new ClipboardEvent('paste', {clipboardData: day, bubbles: true, cancelable: true}));
  }, true);
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    const field = fieldOf(event.target);
    if (!field) return;
    event.preventDefault();
    const control = field.closest('[data-testid="stDateInputField"]');
    const calendar = control.querySelector('[data-testid="stDateInputCalendarButton"]');
    // A focus in the fields opens the calendar's state, and closing it applies the day; with it
    // closed (Escape, then typing), leaving the fields applies it. Then the focus goes on to
    // the control's calendar button, inside the control.
    field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', code: 'Escape', bubbles: true}));
    field.blur();
    if (calendar) calendar.focus({preventScroll: true});
  }, true);
})();
</script>
"""


def without_figures_reason(population: Population | None, lang: str) -> str:
    """Why a filter that needs population figures is disabled: figures turned off, or not loaded."""
    failed = population is not None and population.reason is not None
    return t("size.not_loaded" if failed else "size.turn_on", lang)


# Below this window width the sidebar starts closed, so the map gets at least half of a laptop's
# first screen (at 1366x768 the open sidebar and the cards left it a third); the cards beside
# the map are the legend and the partnership filter, and the sidebar opens from its edge button.
SIDEBAR_OPEN_FROM = 1400


# After a filter change on a narrow screen, close the sidebar so the map shows again.
_CLOSE_SIDEBAR_JS = """
<script>
(function () {
  if (window.innerWidth > 640) return;
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (button && sidebar && sidebar.getBoundingClientRect().right > 0) button.click();
})();
</script>
"""


# On arrival (a session's first run), close the sidebar on a window narrower than
# SIDEBAR_OPEN_FROM; a phone's is closed already (initial_sidebar_state="auto").
_CLOSE_SIDEBAR_ON_ARRIVAL_JS = """
<script>
(function () {
  if (window.innerWidth >= OPEN_FROM || window.innerWidth <= 640) return;
  const close = (tries) => {
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    // Closed already (the page's first answer closes it): done, so a person who opens it at
    // once keeps it open.
    if (sidebar && sidebar.getBoundingClientRect().right <= 0) return;
    if (button && sidebar) button.click();
    else if (tries > 0) setTimeout(() => close(tries - 1), 100);
  };
  close(20);
})();
</script>
"""


def close_sidebar_on_arrival_script() -> str:
    """The arrival script with its width; built from our constants only, never from data."""
    return _CLOSE_SIDEBAR_ON_ARRIVAL_JS.replace("OPEN_FROM", str(SIDEBAR_OPEN_FROM))


def close_sidebar_on_phone(filters: tuple) -> None:
    """On arrival, close the sidebar on a laptop-sized window; when the filters differ from the
    last run's (a choice was made), close it on a phone."""
    previous = st.session_state.get(KEY_LAST_FILTERS)
    st.session_state[KEY_LAST_FILTERS] = filters
    if previous is None:
        with st.container(key="close_sidebar_on_arrival"):
            st.html(close_sidebar_on_arrival_script(), unsafe_allow_javascript=True, width=1)
        return
    if previous == filters:
        return
    runs = st.session_state.get(KEY_SIDEBAR_CLOSES, 0) + 1
    st.session_state[KEY_SIDEBAR_CLOSES] = runs
    with st.container(key=f"close_sidebar_{runs}"):  # a new element each time, so the script runs again
        st.html(_CLOSE_SIDEBAR_JS, unsafe_allow_javascript=True, width=1)
