"""Money in words (components/model/funding.py): which figures a membership gets, whose they are,
and that figures are listed one by one, never summed."""

from __future__ import annotations

from components.data.funding import FUNDING_COLUMNS, FundingRules, groups_of, validate_funding
from components.model.details import city_details
from components.model.funding import card_line, figures_of, funding_text


def figures_for(dataset, lines):
    rules = FundingRules(
        dataset.catalog,
        groups_of(dataset.memberships.to_dict("records")),
        frozenset(dataset.cities["municipality_code"]),
    )
    result = validate_funding("\n".join([",".join(FUNDING_COLUMNS), *lines]).encode(), rules)
    assert result.problems == []
    return result.figures


def test_a_group_s_figure_is_its_members_and_names_its_group(dataset):
    funding = figures_for(
        dataset,
        [
            "mal,Tampereen seutu,,5000000,,raitiotie,spårväg,tramway,2024–2035,S11,,no",
            "mal,,,7000000,,kaikki,alla,all,2024–2035,S11,,no",
        ],
    )
    tampere = city_details(dataset.memberships, dataset.catalog, "837", "en", funding=funding)
    helsinki = city_details(dataset.memberships, dataset.catalog, "091", "en", funding=funding)
    (tampere_mal,) = [block.funding for block in tampere.blocks if block.partnership_id == "mal"]
    (helsinki_mal,) = [block.funding for block in helsinki.blocks if block.partnership_id == "mal"]
    assert "EUR 5 million – tramway, Tampereen seutu, 2024–2035 (source S11)" in tampere_mal
    assert "EUR 7 million" in tampere_mal and "EUR 7 million" in helsinki_mal
    assert "tramway" not in helsinki_mal  # another region's figure is not Helsinki's
    assert len(figures_of(funding, "mal")) == 2  # the card lists both, each with whose it is


def test_figures_are_listed_one_by_one_and_never_added_up(dataset):
    funding = figures_for(
        dataset,
        [
            "vitality,,,1000000,,a,b,one,,S1,,no",
            "vitality,,,2000000,,a,b,two,,S1,,no",
        ],
    )
    line = card_line(funding, "vitality", "en")
    assert line == "Funding: EUR 1 million – one (source S1); EUR 2 million – two (source S1)"
    assert "3 million" not in line
    assert funding_text((), "sv") == "inte angivet"


def test_a_figure_several_groups_hold_together_is_theirs_alone_and_says_so(dataset):
    # The MAL 2020-2031 round's money was the Helsinki, Tampere, Turku and Oulu regions' together.
    joint = "mal,Helsingin seutu;Oulun seutu,,9000000,,yhteinen,gemensam,joint,2020–2031,S27,,no"
    funding = figures_for(dataset, [joint])
    helsinki = city_details(dataset.memberships, dataset.catalog, "091", "fi", funding=funding)
    kuopio = city_details(dataset.memberships, dataset.catalog, "297", "fi", funding=funding)
    (helsinki_mal,) = [block.funding for block in helsinki.blocks if block.partnership_id == "mal"]
    (kuopio_mal,) = [block.funding for block in kuopio.blocks if block.partnership_id == "mal"]
    assert "9 milj. euroa" in helsinki_mal and "Helsingin seutu, Oulun seutu yhdessä" in helsinki_mal
    assert kuopio_mal == "ei ilmoitettu"  # not the Kuopio region's money


def test_each_group_a_figure_names_must_be_one_of_its_partnership(dataset):
    rules = FundingRules(
        dataset.catalog,
        groups_of(dataset.memberships.to_dict("records")),
        frozenset(dataset.cities["municipality_code"]),
    )
    line = "mal,Helsingin seutu;Atlantis,,9000000,,a,b,c,2020–2031,S27,,no"
    result = validate_funding("\n".join([",".join(FUNDING_COLUMNS), line]).encode(), rules)
    assert result.figures == () and [(p.column, p.value) for p in result.problems] == [("group", "Atlantis")]
