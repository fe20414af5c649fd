"""A chosen municipality that the other filters leave out says so (Tampere with the vitality
partnership), instead of counts of 0 beside its details with no word why; in fi, sv and en."""

from __future__ import annotations

import pytest

from components.base.i18n import t
from tests.helpers.apptest import run_app, shown

TAMPERE = "837"


def infos(app) -> list[str]:
    return [shown(box.value) for box in app.info]


@pytest.mark.parametrize(
    ("lang", "city", "vitality"),
    [
        ("fi", "Tampere (Tammerfors)", "Elinvoimakumppanuus"),
        ("sv", "Tammerfors (Tampere)", "Livskraftspartnerskap"),
        ("en", "Tampere (Tammerfors)", "Vitality partnership"),
    ],
)
def test_a_city_the_other_filters_leave_out_says_so(monkeypatch, lang, city, vitality):
    app = run_app(monkeypatch, lang=lang, city=TAMPERE, partnership="vitality")
    said = t("city_excluded.text", lang, city=city, filters=vitality)
    assert said in infos(app)


def test_a_city_the_filters_keep_says_nothing_of_the_kind(monkeypatch):
    app = run_app(monkeypatch, lang="en", city=TAMPERE, partnership="mal")
    assert not [text for text in infos(app) if text.startswith("Tampere is not among")]
    app = run_app(monkeypatch, lang="en", city=TAMPERE)  # no other filter: nothing to explain
    assert not [text for text in infos(app) if text.startswith("Tampere is not among")]
