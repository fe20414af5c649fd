"""Population from Statistics Finland: both schemas, every way the source can fail ending in a
reason, the cache, the Pertunmaa merger, number formats, and the population a selection covers
checked against sums computed here from the shared file (no figure of it is written down here
except the national total)."""

from __future__ import annotations

from components.base.i18n import format_count, format_share
from tests.helpers.apptest import run_app, shown
from tests.helpers.facts import people_and_share
from tests.helpers.paths import POPULATION, require
from tests.helpers.servers import closed_port


def run_page(monkeypatch, source: str, **query):
    monkeypatch.setenv("FINMAP_POPULATION", source)
    return run_app(monkeypatch, **query)


def test_the_headline_shows_the_population_covered_and_its_share(monkeypatch, dataset, shared_figures):
    app = run_page(monkeypatch, str(require(POPULATION)), lang="fi", partnership="strategic,mal")
    rows = dataset.memberships[dataset.memberships["partnership_id"].isin(["strategic", "mal"])]
    people, share = people_and_share(shared_figures, rows["municipality_code"])
    line = (
        f"Väestö yhteensä **{format_count(people, 'fi')}** · **{format_share(share, 'fi')}** Suomen väestöstä "
        "(Tilastokeskus, väestö 31.12.2024)"
    )
    assert line in [markdown.value for markdown in app.markdown]
    assert not app.info  # no notice when the figures are there


def test_a_citys_details_show_its_population(monkeypatch, shared_figures):
    app = run_page(monkeypatch, str(require(POPULATION)), lang="en", city="091")
    people, share = people_and_share(shared_figures, ["091"])
    figure, percent = format_count(people, "en"), format_share(share, "en")
    population = f"Population {figure}, {percent} of Finland (Statistics Finland, population on 31.12.2024)"
    assert population in [text.value for text in app.text]
    finnish = run_page(monkeypatch, str(require(POPULATION)), lang="fi", city="091")
    figure, percent = format_count(people, "fi"), format_share(share, "fi")
    assert f"Väestö {figure}, {percent} Suomen väestöstä (Tilastokeskus" in "\n".join(t.value for t in finnish.text)


def test_an_unreachable_source_is_said_once_and_no_population_is_shown(monkeypatch):
    app = run_page(monkeypatch, f"http://127.0.0.1:{closed_port()}/wfs", lang="en", city="091")
    (notice,) = app.expander  # one line in plain words, the reason behind its disclosure
    assert notice.label == "Population figures could not be downloaded; no population is shown. Details"
    (reason,) = notice.markdown
    assert shown(reason.value).startswith("Population figures could not be downloaded (ConnectionError)")
    texts = [m.value for m in app.markdown] + [t.value for t in app.text] + [c.value for c in app.caption]
    behind_the_notice = {element.value for element in [*notice.markdown, *notice.caption]}
    texts = [text for text in texts if text not in behind_the_notice]
    assert not [text for text in texts if "Population" in text or "Statistics Finland" in text]


def test_presentation_mode_shows_the_population_of_the_step(monkeypatch, dataset, shared_figures):
    app = run_page(monkeypatch, str(require(POPULATION)), lang="sv", present="1", partnership="mal")
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "mal"]
    people, share = people_and_share(shared_figures, rows["municipality_code"])
    line = (
        f"Befolkning sammanlagt **{format_count(people, 'sv')}** · **{format_share(share, 'sv')}** av Finlands "
        "befolkning (Statistikcentralen, befolkning 31.12.2024)"
    )
    assert line in [markdown.value for markdown in app.markdown]
