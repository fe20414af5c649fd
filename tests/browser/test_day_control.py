"""The date control in Debian's Chromium (no host but 127.0.0.1): a typed day applies on Enter
(it used to wait for the focus to leave the whole control: Enter did nothing, and one Tab only
reached the calendar button), Escape cancels a typed day (it applied it) and leaves the keyboard
in the year, where a year typed next applies on Enter, and the control with its quick days is in
sight in the sidebar of a 1366x768 window (it was at y 729-769)."""

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


# Every address the page writes into the address bar, noted: Escape must not write a day.
NOTE_ADDRESSES_JS = """() => {
  window.__addresses = [];
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name].bind(history);
    history[name] = (...args) => {
      const done = original(...args);
      window.__addresses.push(location.search);
      return done;
    };
  }
}"""
FIELDS_JS = """() => Array.from(document.querySelectorAll('[data-testid=stDateInputField] [role=spinbutton]'))
    .map(segment => segment.textContent).join('.')"""


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_escape_cancels_a_typed_day_and_a_year_typed_next_applies_on_enter(page, server, lang):
    """Escape puts the applied day back in the fields and applies nothing (it applied the typed
    day); a year typed next, still in the year's field, applies on Enter (it did not)."""
    open_app(page, f"{server}/?lang={lang}&date=2027-06-15")
    page.evaluate(NOTE_ADDRESSES_JS)
    control = page.locator(DATE_CONTROL)
    control.get_by_role("spinbutton").first.click()
    page.keyboard.type("01012028")
    assert page.evaluate(FIELDS_JS) == "01.01.2028"
    page.keyboard.press("Escape")
    wait_until(page, f"() => ({FIELDS_JS})() === '15.06.2027'")
    assert page.evaluate(FIELDS_JS) == "15.06.2027"  # the applied day, back in the fields
    assert page.evaluate("() => document.activeElement.getAttribute('data-type')") == "year"
    page.keyboard.type("2029")
    page.keyboard.press("Enter")
    wait_until(page, "() => location.search.includes('date=2029-06-15')")
    assert "date=2029-06-15" in page.url
    page.get_by_text(t("in_force.on_day", lang, date="15.6.2029"), exact=True).wait_for(timeout=10_000)
    assert page.evaluate(FIELDS_JS) == "15.06.2029"
    # The address went from the link's day to 2029 and never through the day cancelled.
    written = page.evaluate("() => window.__addresses")
    assert written and not any("2028" in address for address in written), written


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
