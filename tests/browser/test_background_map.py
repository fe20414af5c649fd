"""The background map and its control stay in step across language switches (Debian's Chromium,
no outside host: the tiles never load, but the tile layer is on the map or not).

The control's labels are translated: the browser once kept the chosen label and, finding it
gone among the new ones, showed no choice (en -> fi) and then sent none (fi -> sv), which
removed the tiles while the control showed the light map chosen."""

from __future__ import annotations

from components.base.i18n import strings
from harness.browser import map_frame, open_app, script_run, wait_until

TILE_LAYERS_JS = "() => { let n = 0; map_div.eachLayer(l => { if (l instanceof L.TileLayer) n++; }); return n; }"


def chosen_background(page, lang: str) -> list[str]:
    """The labels of the checked options of the background map control."""
    label = strings(lang)["filters.basemap"]
    group = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').filter(has_text=label)
    return group.locator("input:checked").evaluate_all("els => els.map(e => e.closest('label').innerText.trim())")


def tile_layers(page) -> int:
    return map_frame(page).evaluate(TILE_LAYERS_JS)


def switch_language(page, lang: str) -> None:
    with script_run(page):
        page.get_by_role("radio", name=strings(lang)["language.name"]).click(force=True)
    page.get_by_role("heading", name=strings(lang)["app.title"]).wait_for(timeout=20_000)


def test_the_chosen_background_and_its_tiles_survive_every_language_switch(page, server):
    open_app(page, f"{server}/?lang=en")
    assert chosen_background(page, "en") == [strings("en")["map.basemap_light"]]
    assert tile_layers(page) == 1
    for lang in ("fi", "sv", "en"):
        switch_language(page, lang)
        assert chosen_background(page, lang) == [strings(lang)["map.basemap_light"]], lang
        wait_until(map_frame(page), f"() => ({TILE_LAYERS_JS})() === 1")
        assert tile_layers(page) == 1, lang


def test_no_background_stays_chosen_across_language_switches(page, server):
    open_app(page, f"{server}/?lang=en")
    with script_run(page):
        page.get_by_text(strings("en")["map.basemap_none"], exact=True).click()
    wait_until(map_frame(page), f"() => ({TILE_LAYERS_JS})() === 0")
    assert tile_layers(page) == 0
    for lang in ("fi", "sv"):
        switch_language(page, lang)
        assert chosen_background(page, lang) == [strings(lang)["map.basemap_none"]], lang
        assert tile_layers(page) == 0, lang
