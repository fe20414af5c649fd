"""The quick days beside the date control (today, the end of this year, 1.1. of next year, the
parliamentary elections that end the government's term): one press sets the day, its link
(`date=`) and the counts; the one that is the control's day shows chosen. Today is TODAY
(27.11.2026, FINMAP_TODAY)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from components.page.keys import KEY_DAY_CHOICE
from harness.load_client import headline
from tests.helpers.apptest import run_app
from tests.helpers.facts import MUNICIPALITIES

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


def quick_days(app):
    (pills,) = [group for group in app.button_group if group.key == KEY_DAY_CHOICE]
    return pills


def counts(app) -> dict[str, str]:
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    return line


@pytest.mark.parametrize(
    ("name", "day"),
    [("year_end", "2026-12-31"), ("next_year", "2027-01-01"), ("term_end", "2027-04-18")],
)
def test_a_quick_day_sets_the_day_and_the_link(monkeypatch, name, day):
    app = run_app(monkeypatch, lang="en")
    assert quick_days(app).value == "today" and "date" not in app.query_params
    quick_days(app).set_value(name).run()
    assert app.query_params["date"] == day
    assert [control.value for control in app.date_input] == [date.fromisoformat(day)]
    assert quick_days(app).value == name
    on_day = f"**In force on {date.fromisoformat(day).day}.{date.fromisoformat(day).month}.{day[:4]}**"
    assert on_day in [markdown.value for markdown in app.markdown]


def test_the_labels_name_the_days_and_the_elections(monkeypatch):
    app = run_app(monkeypatch, lang="fi")
    assert quick_days(app).options == ["Tänään", "31.12.2026", "1.1.2027", "Vaalit 18.4.2027"]


def test_today_takes_the_day_back_and_the_link_drops_it(monkeypatch):
    app = run_app(monkeypatch, lang="en", date="2028-01-01")
    assert quick_days(app).value is None  # another day than the quick ones: none shows chosen
    assert counts(app)["Municipalities"] != str(MUNICIPALITIES)  # the ecosystem agreements have ended
    quick_days(app).set_value("today").run()
    assert "date" not in app.query_params
    assert counts(app)["Municipalities"] == str(MUNICIPALITIES)


def test_a_link_to_a_quick_day_shows_it_chosen(monkeypatch):
    app = run_app(monkeypatch, lang="sv", date="2027-04-18")
    assert quick_days(app).value == "term_end"


def applied_day_written(app) -> str:
    """The applied day the date control's Escape puts back (the span beside its script)."""
    (written,) = re.findall(r'data-finmap-applied-day="([^"]*)"', " ".join(html.proto.body for html in app.get("html")))
    return written


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_escape_puts_back_the_applied_day_as_the_control_writes_it(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang, date="2028-01-01")
    assert applied_day_written(app) == "01.01.2028"
    quick_days(app).set_value("term_end").run()
    assert applied_day_written(app) == "18.04.2027"
