"""The date control in Debian's Chromium (no host but 127.0.0.1): a typed day applies on Enter
(it used to wait for the focus to leave the whole control: Enter did nothing, and one Tab only
reached the calendar button), and the control with its quick days is in sight in the sidebar of
a 1366x768 window (it was at y 729-769)."""

from __future__ import annotations

import pytest

from components.base.i18n import t
from harness.browser import LAPTOP, new_page, open_app, open_sidebar, wait_for_shapes, wait_until
from tests.helpers.facts import IN_FORCE_2028, MEMBERSHIP_ROWS

DATE_CONTROL = "[data-testid=stDateInput]"
QUICK_DAYS = "[data-testid=stSidebar] .st-key-day_choice"
SIDEBAR_CLOSED_JS = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0"


@pytest.mark.parametrize(("lang", "typed"), [("fi", "01012028"), ("en", "01012028")])  # one format (words)
def test_a_typed_day_applies_on_enter(page, server, lang, typed):
    open_app(page, f"{server}/?lang={lang}")
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    control = page.locator(DATE_CONTROL)
    control.get_by_role("spinbutton").first.click()  # the first field of the language's format
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    assert wait_for_shapes(page, IN_FORCE_2028) == IN_FORCE_2028  # the ecosystem agreements have ended
    wait_until(page, "() => location.search.includes('date=2028-01-01')")
    assert "date=2028-01-01" in page.url
    page.get_by_text(t("in_force.on_day", lang, date="1.1.2028"), exact=True).wait_for(timeout=10_000)
    # The keyboard stays in the control: the next Tab goes on from there.
    assert control.evaluate("element => element.contains(document.activeElement)")


def test_a_day_typed_again_after_escape_applies_on_enter(page, server):
    """With the calendar closed (Escape), the typed day applies on Enter all the same."""
    open_app(page, f"{server}/?lang=fi")
    control = page.locator(DATE_CONTROL)
    control.get_by_role("spinbutton").first.click()
    page.keyboard.type("01012028")
    page.keyboard.press("Escape")  # the calendar closes; the day is not applied by that alone
    page.keyboard.press("Enter")
    wait_until(page, "() => location.search.includes('date=2028-01-01')")
    assert "date=2028-01-01" in page.url


def test_the_control_and_its_quick_days_are_in_sight_at_1366x768(browser, server):
    page = new_page(browser, viewport=LAPTOP)
    open_app(page, f"{server}/?lang=fi")
    if page.evaluate(SIDEBAR_CLOSED_JS):  # closed on arrival below 1400 px: a person opens it
        open_sidebar(page)
    for part in (DATE_CONTROL, QUICK_DAYS):
        box = page.locator(part).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], (part, box)
    assert page.evaluate("() => document.querySelector('[data-testid=stSidebarContent]').scrollTop") == 0
    # One press away: the elections that end the government's term.
    page.locator(QUICK_DAYS).get_by_role("radio", name="Vaalit 18.4.2027").click()
    wait_until(page, "() => location.search.includes('date=2027-04-18')")
    assert "date=2027-04-18" in page.url
    page.context.close()
