"""Every key this app keeps in st.session_state, in one place.

A widget's key is also its session key: the widget reads and writes its value there, so a
link, a click on the map and the widget change the same value. The filters' widget keys are
described with the filters (FilterSpec.key in components/model/filters.py) and named here too.
Keys that start with "_" are the page's own bookkeeping, never a widget's.
"""

from __future__ import annotations

from components.model.filters import FILTER_BY_NAME

# ---- state
KEY_LANG = "lang"
KEY_PRESENT = "present"
KEY_DAY = "day"  # the date control: the day the shown memberships are in force on
KEY_TODAY = "_today"  # the day that was today on the last run (the control follows the calendar)
KEY_BASEMAP = "basemap"
KEY_MAP = "map"  # what st_folium returned on the last run (the clicked city)
# The points map has a key of its own: when downloaded boundaries arrive, the map is drawn anew
# on the polygons (st_folium keeps a mounted map's geometry store for as long as its key lives).
KEY_MAP_POINTS = "map_points"
KEY_NOTICES = "_url_notices"  # what the arrival link asked for and was ignored
KEY_LAST_CLICK = "_last_map_click"
KEY_STARTED = "_started"
KEY_UPLOAD = "_upload_check"  # the last upload's check (components.data.upload)
KEY_UPLOADER_VERSION = "_uploader_version"
# Linked selection (components/page/linked.py): the municipalities highlighted on the map, and a
# version per selecting widget (a new version, a new key: the widget's selection empties).
# Not in the link: a highlight is a pointing gesture made with a table's ticks or a chart's
# clicks, which a link cannot tick again (Streamlit cannot restore them), so a shared link
# would outline municipalities that nothing on its page says were chosen; a link shares one
# municipality with `city=`, and a set with the filters.
KEY_HIGHLIGHT = "_highlight"
KEY_SELECTION_VERSIONS = "_selection_versions"
SELECTION_KEYS = {  # the selecting widgets' key prefixes, by the highlight's source
    "table": "select_table",
    "matrix": "select_matrix",
    "partnership": "select_partnership_bars",
    "theme": "select_theme_bars",
}

# ---- tabs
KEY_TABS = "main_tabs"
KEY_TAB_RESTORED = "_tab_restored"
# Presentation mode draws no tabs, but its last step shows the compare tab's grid: that step
# keeps its tab here (a session value of its own; the tabs' widget value is dropped while they
# are not drawn), and its link says `tab=compare` as the tab's would.
KEY_PRESENTED_TAB = "_presented_tab"

# ---- first_run
KEY_PAGE_DRAWN = "_page_drawn"  # FIRST after a session's first run, WHOLE after any later one
KEY_FALLBACK_ARMED = "_first_page_timer"

# ---- compare
KEY_COMPARE_VERSION = "_compare_version"  # bumped by every choice: the charts start afresh
KEY_COMPARE_SCROLL = "_compare_scroll"  # a choice was made: bring the main map into view

# ---- sidebar
KEY_LAST_FILTERS = "_last_filters"

# ---- upload
KEY_UPLOAD_SHOWN = "_upload_shown"  # the digest of the upload the user chose to view

# ---- timeline
KEY_TIMELINE_CHART = "timeline_chart"
KEY_TIMELINE_CHART_VERSION = "_timeline_chart_version"

# ---- cards
KEY_PARTNERSHIPS = FILTER_BY_NAME["partnerships"].key  # the cards choose partnerships, as the filter does

# ---- details
KEY_CITY = FILTER_BY_NAME["city"].key
