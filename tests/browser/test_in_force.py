"""In force on a date, in Debian's Chromium with no host but 127.0.0.1, in both geometry modes:
a link with `date=` draws the memberships in force that day and the date control shows it; a
person typing or picking another day in the control changes the map without remounting it."""

from __future__ import annotations

import pytest

from components.base.i18n import t
from harness.browser import MAP_FRAME, map_frame, open_app, wait_for_shapes, wait_until
from tests.helpers.facts import IN_FORCE_2028, MEMBERSHIP_ROWS

DATE_CONTROL = "[data-testid=stDateInput]"
# The day the control holds, as the browser would submit it (its hidden ISO input).
CONTROL_DAY_JS = f"() => document.querySelector('{DATE_CONTROL} input').value"
# The tooltip Leaflet shows for a municipality (any of its shapes).
TOOLTIP_JS = """(code) => { let text = null; window.map_div.eachLayer(l => { if (!text && l.feature &&
    l.getTooltip && l.getTooltip() && l.feature.properties.municipality_code === code)
    text = l.getTooltip().getContent(); }); return text; }"""


def url_has(page, part: str) -> None:
    wait_until(page, "(part) => location.search.includes(part)", part)


@pytest.mark.parametrize(("lang", "shown"), [("fi", "01.01.2028"), ("en", "01.01.2028")])
def test_a_date_link_draws_what_is_in_force_that_day(page, server, lang, shown):
    open_app(page, f"{server}/?date=2028-01-01&lang={lang}")
    # One shape per membership: the ecosystem agreements (until 31.12.2027) are gone.
    assert wait_for_shapes(page, IN_FORCE_2028) == IN_FORCE_2028
    control = page.locator(DATE_CONTROL)
    assert page.evaluate(CONTROL_DAY_JS) == "2028-01-01"
    assert control.get_by_role("group").inner_text().replace("\n", "") == shown  # in the page language's format
    assert t("in_force.label", lang) in control.inner_text()
    url_has(page, "date=2028-01-01")
    assert "date=2028-01-01" in page.url and f"lang={lang}" in page.url
    # Said in words above the counts, so a screenshot is not read as today's.
    page.get_by_text(t("in_force.on_day", lang, date="1.1.2028"), exact=True).wait_for(timeout=10_000)
    # Undated memberships stay, marked in the tooltip; planned ones marked planned.
    tooltip = map_frame(page).evaluate(TOOLTIP_JS, "167")  # Joensuu: Eastern Finland, planned, no dates
    assert f"({t('status.planned', lang)}, {t('in_force.not_given', lang)})" in tooltip, tooltip


def test_a_day_typed_or_picked_in_the_control_changes_the_map_without_remounting(page, server):
    open_app(page, f"{server}/?lang=en")
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    assert "date=" not in page.url  # today is not written into the link
    iframe = page.locator(MAP_FRAME).element_handle()
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    control = page.locator(DATE_CONTROL)

    # Typed: day, month and year (every language's format is DD.MM.YYYY), then on to something else.
    control.get_by_role("spinbutton", name="day").click()
    page.keyboard.type("01012028")
    page.get_by_role("heading", name=t("filters.title", "en")).click()  # the field loses focus: the day is taken
    assert wait_for_shapes(page, IN_FORCE_2028) == IN_FORCE_2028
    url_has(page, "date=2028-01-01")
    assert "date=2028-01-01" in page.url
    page.get_by_text("In force on 1.1.2028", exact=True).wait_for(timeout=10_000)

    # Picked from the calendar: the last day of the ecosystem agreements brings them back.
    control.get_by_role("button", name="Choose date").click()
    calendar = page.get_by_role("dialog")
    calendar.get_by_role("button", name="Previous month").click()
    calendar.get_by_role("button", name="Friday, December 31, 2027").click()
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    url_has(page, "date=2027-12-31")
    assert "date=2027-12-31" in page.url

    assert iframe.evaluate("element => element.isConnected")  # the same iframe element, still in the page
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"


# The style Leaflet drew a municipality's shape of one partnership in (its dashed outline, its fill).
SHAPE_STYLE_JS = """([code, pid]) => { let found = null; window.map_div.eachLayer(l => { if (!found && l.feature &&
    l.feature.properties.municipality_code === code && l.feature.properties.partnership_id === pid)
    found = {dash: l.options.dashArray || null, fill: l.options.fillOpacity}; }); return found; }"""


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_past_the_earliest_end_the_tooltip_says_status_not_known(page, server, lang):
    """On 1.1.2028 the urban policy group's term is past its earliest end (April 2027, facts U11):
    Helsinki stays on the map, its tooltip says so and its shape of the group is drawn dashed."""
    open_app(page, f"{server}/?date=2028-01-01&lang={lang}")
    assert wait_for_shapes(page, IN_FORCE_2028) == IN_FORCE_2028
    day = "1.4.2027"
    tooltip = map_frame(page).evaluate(TOOLTIP_JS, "091")
    assert f"({t('status_not_known.mark', lang, date=day)})" in tooltip, tooltip
    drawn = map_frame(page).evaluate(SHAPE_STYLE_JS, ["091", "urban-policy-group"])
    plain = map_frame(page).evaluate(SHAPE_STYLE_JS, ["091", "strategic"])
    assert drawn["dash"] and drawn["fill"] < plain["fill"] and plain["dash"] is None, (drawn, plain)


def test_today_the_tooltip_says_nothing_of_it(page, server):
    open_app(page, f"{server}/?lang=en")
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    tooltip = map_frame(page).evaluate(TOOLTIP_JS, "091")
    assert "Urban policy" in tooltip and "status not known" not in tooltip, tooltip
