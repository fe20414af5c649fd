"""`?date=2028-01-01`: the urban policy cooperation group's term is past its earliest end (April
2027, facts U11), so its 23 municipalities stay on the map and in the lists, "status not known"
in the heading, the cards, the city details and the table, in fi, sv and en (AppTest). Today
(7.12.2026) nothing says it. The downloads' content: tests/unit/model/test_status_not_known.py."""

from __future__ import annotations

import pytest

from components.base.i18n import LANGUAGES, counted, t
from components.model.wording import format_date
from tests.helpers.apptest import block_fact, membership_blocks, run_app, shown

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process

GROUP = "urban-policy-group"
MEMBERS = 23


def heading(lang: str, count: int = MEMBERS) -> str:
    return t(
        "status_not_known.headline",
        lang,
        memberships=t("status_not_known.memberships", lang, count=count),
        municipalities=counted("municipalities", count, lang),
    )


def mark(lang: str) -> str:
    return t("status_not_known.mark", lang, date=format_date("2027-04-01", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_date_past_the_earliest_end_says_status_not_known(monkeypatch, dataset, lang):
    app = run_app(monkeypatch, date="2028-01-01", lang=lang)
    markdowns = [shown(markdown.value) for markdown in app.markdown]
    assert f"**{heading(lang)}**" in markdowns
    card = t("status_not_known.card", lang, count=MEMBERS)
    captions = [shown(caption.value) for caption in app.caption]
    assert sum(card in caption for caption in captions) == 1
    name = dataset.catalog.partnership(GROUP).name(lang)
    # The table: the group's 23 rows say it in the status column, and no other row does.
    app.session_state["main_tabs"] = t("tabs.table", lang)
    app.run()
    table = next(frame.value for frame in app.dataframe if t("column.code", lang) in frame.value.columns)
    status = table[t("column.status", lang)]
    group = table[t("column.partnership", lang)] == name
    assert group.sum() == MEMBERS
    assert set(status[group]) == {f"{t('status.active', lang)}, {mark(lang)}"}
    assert not any(mark(lang) in value for value in status[~group])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citys_details_say_it(monkeypatch, dataset, lang):
    """Helsinki on 1.1.2028: the heading counts its one membership not known, its details say it."""
    app = run_app(monkeypatch, date="2028-01-01", lang=lang, city="091")
    assert f"**{heading(lang, 1)}**" in [shown(markdown.value) for markdown in app.markdown]
    blocks = membership_blocks(app)
    assert block_fact(blocks[GROUP], t("column.status", lang)) == f"{t('status.active', lang)}, {mark(lang)}"
    assert not [pid for pid, block in blocks.items() if pid != GROUP and mark(lang) in block]


def test_today_nothing_is_not_known(monkeypatch):
    app = run_app(monkeypatch, lang="en")
    texts = [shown(m.value) for m in app.markdown] + [shown(c.value) for c in app.caption]
    assert not any("status not known" in text.lower() for text in texts)
