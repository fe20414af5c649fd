"""Properties of links (hypothesis): a link the app makes, read back and made again, is the same
link, with nothing ignored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.base.i18n import LANGUAGES
from components.data.catalog import STATUSES
from components.model.filters import FILTERS, FIRST_DAY, LAST_DAY, FilterState, build_vocabulary
from components.model.link import TABS, read_link, to_query_params


@pytest.fixture(scope="module")
def vocabulary(fixture_dataset):
    return build_vocabulary(fixture_dataset.catalog, fixture_dataset.cities, fixture_dataset.memberships)


def subsets(values) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(sorted(values)), unique=True, max_size=4).map(tuple)


def states(vocabulary) -> st.SearchStrategy[FilterState]:
    catalog = vocabulary.catalog
    return st.builds(
        FilterState,
        lang=st.sampled_from(LANGUAGES),
        partnerships=subsets(catalog.partnership_ids),
        themes=subsets(catalog.themes),
        statuses=subsets(STATUSES),
        regions=subsets(vocabulary.region_names["fi"]),
        city=st.none() | st.sampled_from(sorted(vocabulary.city_names["fi"])),
        groups=subsets(vocabulary.groups),
        day=st.none() | st.integers(0, (LAST_DAY - FIRST_DAY).days).map(lambda n: FIRST_DAY + timedelta(days=n)),
        present=st.booleans(),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_link_read_and_made_again_is_the_same_link(vocabulary, data):
    """Any state made into a link and read: values other filters rule out (a theme outside the
    chosen partnerships) are dropped with a notice, which gives a link the page can make. That
    link read and made again is itself, with nothing ignored."""
    state = data.draw(states(vocabulary))
    tab = data.draw(st.sampled_from(sorted(TABS)))
    first = read_link(to_query_params(state, tab), vocabulary)
    ruled_out = {spec.ruled_out for spec in FILTERS if spec.ruled_out}
    assert {notice.reason for notice in first.notices} <= ruled_out
    link = to_query_params(first.state, tab)
    again = read_link(link, vocabulary)
    assert again.notices == ()
    assert again.state == first.state and (again.tab or "sources") == tab
    assert to_query_params(again.state, tab) == link
    # What no filter rules out survives the first reading whole.
    assert (first.state.lang, first.state.present, first.state.day) == (state.lang, state.present, state.day)
    assert set(first.state.partnerships) == set(state.partnerships) and first.state.city == state.city
