"""One value per filter (components.model.filters.FILTERS), for the tests that go through every filter.

Each keeps some of the rows and not all, in the fixture data and in the bundled data, and they
go together: the theme is one of the partnerships', the city is in the region, the group (a MAL
city region) is one of the partnerships', the size class is the city's (Hyvinkää: about 47,000; it
narrows only with population figures, components.model.filters.applied)."""

FILTER_EXAMPLES = {
    "partnerships": ("growth-cities", "mal"),
    "themes": ("culture",),
    "statuses": ("active",),
    "regions": ("01",),
    "city": "106",
    "groups": ("Helsingin seutu",),
    "sizes": ("20-50k",),
}
