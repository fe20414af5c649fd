"""Every key this app keeps in st.session_state, in one place.

A widget's key is also its session key: the widget reads and writes its value there, so a link,
a click on the map and the widget change the same value. Keys that start with "_" are the page's
own bookkeeping, never a widget's. A key that ends in "_" is a prefix: the widget's key adds a
name or a version (a new version, a new widget: its selection starts empty).
"""

from __future__ import annotations

from components.model.filters import FILTER_BY_NAME

# ---- The view (components/page/state.py): what the link shares
KEY_LANG = "lang"
KEY_PRESENT = "present"
KEY_PACK = "_briefing_pack"  # the last briefing pack made: (its view, the PDF)
KEY_SHEET = "sheet"  # the chosen city's fact sheet is shown in place of the map
KEY_DAY = "day"  # the date control: the day the shown memberships are in force on
KEY_DAY_CHOICE = "day_choice"  # the quick days beside it (components/page/sidebar.py)
KEY_PARTNERSHIPS = FILTER_BY_NAME["partnerships"].key  # every filter's key is its FilterSpec.key
KEY_CITY = FILTER_BY_NAME["city"].key
FILTER_KEYS = tuple(FILTER_BY_NAME[name].key for name in FILTER_BY_NAME)  # one per filter, FILTERS' order
KEY_TABS = "main_tabs"  # the tabs' widget: the open tab's label
# Presentation mode draws no tabs, but its last step shows the compare tab's grid: that step
# keeps its tab here (the tabs' widget value is dropped while they are not drawn).
KEY_PRESENTED_TAB = "_presented_tab"
KEY_STARTED = "_started"  # the link has been read into the widgets
KEY_NOTICES = "_url_notices"  # what the arrival link asked for and was ignored
KEY_TODAY = "_today"  # the day that was today on the last run (the control follows the calendar)

# ---- The map (components/page/map.py)
KEY_BASEMAP = "basemap"
KEY_MAP = "map"  # what st_folium returned on the last run (the clicked city)
# The points map has a key of its own: when downloaded boundaries arrive, the map is drawn anew
# on the polygons (st_folium keeps a mounted map's geometry store for as long as its key lives).
KEY_MAP_POINTS = "map_points"
KEY_LAST_CLICK = "_last_map_click"
# A choice far below the map (Compare, Timeline, Upload) asks to bring it into view
# (components/page/map_into_view.py), once, with a new element each time.
KEY_MAP_INTO_VIEW = "_map_into_view"
KEY_MAP_INTO_VIEW_RUNS = "_map_into_view_runs"

# ---- A session's first page (components/page/first_run.py)
KEY_PAGE_DRAWN = "_page_drawn"  # "first" after a session's first run, "whole" after any later one
KEY_FALLBACK_ARMED = "_first_page_timer"
REST_BUTTON = "finmap_rest"  # the hidden button the map presses once drawn

# ---- The partnership cards (components/page/cards.py): one checkbox per partnership
KEY_CARD_ = "pick_"

# ---- The sidebar on a phone (components/page/sidebar.py)
KEY_LAST_FILTERS = "_last_filters"
KEY_SIDEBAR_CLOSES = "_sidebar_closes"  # how often the closing script was sent (a new element each time)

# ---- An upload (components/page/upload.py)
KEY_UPLOAD = "_upload_check"  # the last upload's check, in state.this_sessions_upload()
KEY_UPLOAD_SHOWN = "_upload_shown"  # the digest of the upload the user chose to view
KEY_UPLOADER_VERSION = "_uploader_version"
KEY_UPLOADER_ = "upload_"  # the file uploader, by version: a new one is empty

# ---- Linked selection (components/page/linked.py): the municipalities highlighted on the map,
# and a version per selecting widget. Not in the link: a highlight is a pointing gesture made
# with a table's ticks or a chart's clicks, which a link cannot tick again (Streamlit cannot
# restore them), so a shared link would outline municipalities that nothing on its page says
# were chosen; a link shares one municipality with `city=`, and a set with the filters.
KEY_HIGHLIGHT = "_highlight"
KEY_SELECTION_VERSIONS = "_selection_versions"
SELECTION_KEYS = {  # the selecting widgets' key prefixes, by the highlight's source
    "table": "select_table",
    "matrix": "select_matrix",
    "partnership": "select_partnership_bars",
    "theme": "select_theme_bars",
}

# ---- The Compare tab (components/page/compare.py)
KEY_COMPARE_VERSION = "_compare_version"  # bumped by every choice: the charts start afresh
KEY_COMPARE_CHART_ = "compare_chart_"  # a small map's chart, by partnership and version

# ---- The Timeline tab (components/page/timeline.py)
KEY_TIMELINE_CHART = "timeline_chart"  # with its version: a new chart after each choice
KEY_TIMELINE_CHART_VERSION = "_timeline_chart_version"

# ---- The search in the heading (components/page/search.py)
KEY_SEARCH = "city_search"  # the search box: the chosen city's code, as the City filter's
KEY_SEARCH_MISS = "_search_miss"  # a typed name that found no municipality, said once
KEY_SEARCH_FOCUS = "_search_focus"  # (code, number) of the last search: the map zooms to it once
KEY_SEARCH_SCROLL = "_search_scroll"  # a search chose a city: its details come into view
KEY_DETAILS_CITY = "_details_city"  # the city whose details the last run showed
KEY_DETAILS_SCROLLS = "_details_scrolls"  # how often the into-view script was sent (a new element each time)
