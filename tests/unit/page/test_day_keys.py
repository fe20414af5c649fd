"""The date control's key script and the applied day beside it (components/page/sidebar.py):
the day written as the control writes it, and a hostile format (a locale file's text) kept as
text."""

from __future__ import annotations

from datetime import date

import pytest

from components.page.sidebar import day_keys_html, in_control_format


@pytest.mark.parametrize(
    ("control_format", "written"),
    [("DD.MM.YYYY", "07.06.2027"), ("YYYY/MM/DD", "2027/06/07"), ("MM-DD-YYYY", "06-07-2027")],
)
def test_the_applied_day_is_written_as_the_control_writes_it(control_format, written):
    assert in_control_format(date(2027, 6, 7), control_format) == written
    assert f'data-finmap-applied-day="{written}"' in day_keys_html(date(2027, 6, 7), control_format)


def test_a_hostile_format_stays_text():
    page = day_keys_html(date(2027, 6, 7), '"><img src=x onerror=alert(1)>DD.MM.YYYY')
    assert "<img" not in page and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;07.06.2027" in page
    assert page.count("<script>") == 1  # the key script, ours
