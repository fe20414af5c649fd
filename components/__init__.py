"""The partnership map's code, in layers; each imports only from the layers before it:

    base    the words in three languages and the partnerships' colours
    data    loading and checking the data: memberships, catalog, periods, boundaries, population, uploads
    model   what a view is, as plain data: filters, the link, the map's plan, cards, details, wording
    render  drawing a view: the folium web map, the slide picture, the HTML map, charts, exports
    page    the Streamlit page: session state, cached views, one module per panel or tab

Only `page` imports Streamlit (tests/unit/test_layers.py checks both rules). See docs/architecture.md.
"""
