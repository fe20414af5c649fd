"""One value per filter (components.filters.FILTERS), for the tests that go through every filter.

Each keeps some of the rows and not all, in the fixture data and in the bundled data, and they
go together: the theme is one of the partnership's, the city is in the region."""

FILTER_EXAMPLES = {
    "partnerships": ("growth-cities",),
    "themes": ("culture",),
    "statuses": ("active",),
    "regions": ("01",),
    "city": "106",
}
