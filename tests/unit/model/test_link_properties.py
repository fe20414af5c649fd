"""Properties of links (hypothesis): a link the app makes, read back and made again, is the same
link, with nothing ignored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.base.i18n import LANGUAGES
from components.data.catalog import STATUSES
from components.data.population import SIZE_CLASS_IDS
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
        sizes=subsets(SIZE_CLASS_IDS),
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
    # A size needs population figures to narrow, but the link keeps it whatever: no notice.
    assert first.state.sizes == state.sizes and link.get("size", "") == ",".join(state.sizes)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(
        st.sampled_from(SIZE_CLASS_IDS) | st.sampled_from(["gt250k", "1-2k", "<b>", "250000", "lt20k"]),
        max_size=6,
    ),
    upper=st.booleans(),
)
def test_a_links_size_keeps_its_known_classes_and_drops_the_rest_with_notices(vocabulary, values, upper):
    """`size=` in any letter case: the classes it names are kept once each, in its order, and
    written back as they came; every other value is dropped with the usual notice."""
    raw = ",".join(value.upper() if upper else value for value in values)
    link = read_link({"size": raw}, vocabulary)
    known = list(dict.fromkeys(value for value in values if value in SIZE_CLASS_IDS))
    assert link.state.sizes == tuple(known)
    unknown = [value for value in values if value not in SIZE_CLASS_IDS]
    assert [(n.parameter, n.reason) for n in link.notices] == [("size", "unknown_value")] * len(unknown)
    assert to_query_params(link.state).get("size") == (",".join(known) or None)
