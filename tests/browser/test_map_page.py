"""The app in a real browser (Debian's Chromium via Playwright), with no host but 127.0.0.1
reachable, in both modes: official polygons, and city points when there are no boundaries."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from components.model.map import ring_radii
from components.render.map import MAP_STYLES
from harness.browser import CONTEXT_DRAWN_JS, MAP_FRAME, map_frame, new_page, open_app, script_run, wait_for_shapes
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS
from tests.helpers.pages import CITY_POINT_JS
from tests.helpers.paths import ROOT

TILE_HOSTS = {"a.basemaps.cartocdn.com", "b.basemaps.cartocdn.com", "c.basemaps.cartocdn.com"}
SCREENSHOT = ROOT / "docs" / "screenshot.png"


def choose(page, label: str, option: str):
    """Type into a multiselect or selectbox and pick the option, as a person would."""
    box = page.get_by_role("combobox", name=label, exact=True)  # not the heading's search, also a "Kommun"
    box.click()
    box.fill(option)
    with script_run(page):
        page.get_by_role("option", name=option).first.click()
    if box.get_attribute("aria-expanded") == "true":
        box.press("Tab")  # a multiselect stays open after a pick; Escape would clear a selectbox


def click_city(page, code: str):
    """Click a city where Leaflet draws it, as a person would."""
    page.locator(MAP_FRAME).scroll_into_view_if_needed()  # a person scrolls back up to the map first
    point = map_frame(page).evaluate(CITY_POINT_JS, code)
    assert point, f"city {code} is not drawn"
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_the_map_draws_every_layer_without_any_outside_host(page, server, mode):
    open_app(page, server)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS  # one shape per membership row
    legend = page.frame_locator(MAP_FRAME).locator(".leaflet-control-layers-overlays").inner_text()
    assert "Urban policy cooperation group (23)" in legend
    # The scale is metric only (no "100 mi" line).
    scale = page.frame_locator(MAP_FRAME).locator(".leaflet-control-scale-line").all_inner_texts()
    assert len(scale) == 1 and re.fullmatch(r"\d+ k?m", scale[0].strip()), scale
    # Only the optional background tiles were tried outside; Leaflet came from the app itself.
    assert page.outside.hosts() <= TILE_HOSTS, page.outside.hosts()
    if mode == "polygons":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 50_000


def test_every_municipality_lies_grey_under_the_partnership_layers(page, server, mode):
    open_app(page, server)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    frame = map_frame(page)
    frame.wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    context = frame.evaluate(
        """() => { const pane = map_div.getPane('finmapContext');
               const over = map_div.getPane('overlayPane');
               let shapes = 0, interactive = 0;
               map_div.eachLayer(l => { if (l.feature && l.options.pane === 'finmapContext') {
                   shapes++; if (l.options.interactive) interactive++; } });
               return {shapes, interactive, canvases: pane ? pane.querySelectorAll('canvas').length : 0,
                       below: pane ? Number(getComputedStyle(pane).zIndex) < Number(getComputedStyle(over).zIndex)
                                   : null}; }"""
    )
    if mode == "polygons":
        assert context == {"shapes": 309, "interactive": 0, "canvases": 1, "below": True}
    else:  # no municipalities to draw: Finland's outline alone (tests/browser/test_map_colours.py)
        assert context["shapes"] == 1 and context["interactive"] == 0, context


def test_overlaps_show_as_rings_or_badges_and_the_chosen_city_is_outlined(page, server, mode):
    open_app(page, f"{server}/?city=091")
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    frame = map_frame(page)
    drawn = frame.evaluate(
        """(highlight) => { const out = {rings: [], badges: [], outlined: 0};
             window.map_div.eachLayer(l => {
               const p = l.feature && l.feature.properties;
               if (p && p.municipality_code === '091' && l.getRadius)
                 out.rings.push([p.partnership_id, l.getRadius()]);
               if (l.options && l.options.icon && l.options.icon.options.className === 'finmap-badge-icon')
                 out.badges.push(l.getElement().textContent);
               if (l.options && l.options.color === highlight.color && l.options.weight === highlight.weight)
                 out.outlined += 1;
             });
             return out; }""",
        MAP_STYLES["highlight"],
    )
    if mode == "points":
        # Helsinki is in four partnerships: four rings, the largest partnership outermost.
        radii = dict(drawn["rings"])
        assert len(radii) == 4 and len(set(radii.values())) == 4, drawn
        assert radii["mal"] > radii["urban-policy-group"] > radii["ecosystem"] > radii["strategic"]
        # At the radii of the model, which the slide picture draws too (components/model/map.py).
        assert radii == dict(zip(("mal", "urban-policy-group", "ecosystem", "strategic"), ring_radii(4), strict=True))
        assert drawn["badges"] == []
    else:
        assert drawn["rings"] == [] and "4" in drawn["badges"], drawn  # Helsinki's count badge
    assert drawn["outlined"] >= 1, drawn  # the chosen city


def test_choosing_a_partnership_reduces_the_shapes_without_remounting_the_map(page, server):
    open_app(page, server)
    wait_for_shapes(page, MEMBERSHIP_ROWS)
    iframe = page.locator(MAP_FRAME).element_handle()
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    choose(page, "Partnership", "Vitality partnership")
    assert wait_for_shapes(page, MEMBERS["vitality"]) == MEMBERS["vitality"]
    assert iframe.evaluate("element => element.isConnected")  # the same iframe element, still in the page
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"
    assert "partnership=vitality" in page.url


def test_clicking_a_city_opens_its_details(page, server):
    open_app(page, f"{server}/?partnership=east-finland")
    assert wait_for_shapes(page, MEMBERS["east-finland"]) == MEMBERS["east-finland"]
    click_city(page, "167")
    page.get_by_role("heading", name="Joensuu").wait_for(timeout=20_000)
    assert "city=167" in page.url
    details = page.get_by_text("Planned within the programme for Eastern Finland")
    details.first.wait_for(timeout=10_000)


def test_switching_to_swedish_shows_swedish_names(page, server):
    open_app(page, server)
    with script_run(page):
        page.get_by_role("radio", name="Svenska").click(force=True)
    page.get_by_role("heading", name="Partnerskap mellan staten och städerna").wait_for(timeout=20_000)
    assert "lang=sv" in page.url
    choose(page, "Kommun", "Helsingfors (Helsinki)")
    page.get_by_role("heading", name="Helsingfors").wait_for(timeout=20_000)
    # The map's tooltips name the city in Swedish too.
    frame = map_frame(page)
    tooltip = frame.wait_for_function(
        """() => { let t = null; window.map_div.eachLayer(l => { if (!t && l.feature && l.getTooltip &&
               l.getTooltip() && l.feature.properties.municipality_code === '091')
               t = l.getTooltip().getContent(); }); return t; }""",
        timeout=20_000,
    ).json_value()
    assert tooltip.startswith("<b>Helsingfors</b> (Helsinki)<br>Nyland<br>")


def test_a_copied_link_restores_the_view(page, browser, server):
    open_app(page, server)
    choose(page, "Partnership", "Strategic partnership of the six largest cities")
    choose(page, "Region", "Uusimaa")
    assert wait_for_shapes(page, 3) == 3  # Helsinki, Espoo, Vantaa
    link = page.url
    assert "partnership=strategic" in link and "region=01" in link
    other = new_page(browser, viewport={"width": 1400, "height": 1000})
    open_app(other, link)
    assert wait_for_shapes(other, 3) == 3
    chosen = other.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "Strategic partnership" in chosen
    other.context.close()


def test_no_dialog_or_script_from_a_hostile_link(page, server):
    hostile = "partnership=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&city=%3Cscript%3Ealert(2)%3C/script%3E"
    open_app(page, f"{server}/?{hostile}")
    page.get_by_text("is not known and was ignored").first.wait_for(timeout=20_000)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS  # drawn: a payload would have run
    assert page.dialogs == []


def test_an_uploaded_list_is_checked_and_shown_for_this_session(page, server, tmp_path):
    url = "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma"
    header = "partnership_id;municipality_code;name_fi;name_sv;group;themes;status;since;source_url;note"
    upload = tmp_path / "päivitys.csv"
    upload.write_bytes(
        "\r\n".join(
            [
                header,
                f"urban-policy-group;091;Helsinki;;;;active;;{url};<img src=x onerror=alert(1)>",
                f"urban-policy-group;092;Vantaa;;;;active;1.2.2025;{url};${{alert(2)}}",
                f"urban-policy-group;999;Nowhere;;;;active;;{url};",
            ]
        ).encode("cp1252")
    )
    open_app(page, server)
    wait_for_shapes(page, MEMBERSHIP_ROWS)
    page.get_by_role("tab", name="Check an updated list").click()
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("2 rows accepted, 1 rejected, 1 problem.").wait_for(timeout=30_000)
    page.get_by_role("button", name="View the uploaded data (2 rows)").click()  # nothing changes before
    assert wait_for_shapes(page, 2) == 2
    # The banner that appears above does not remount the map (it did once: caught here).
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"
    page.get_by_text("The map and tables show the uploaded file").wait_for()
    assert page.dialogs == []
    with script_run(page):
        page.get_by_role("button", name="Show the bundled data again").click()
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS


def test_presentation_mode_fills_the_screen_and_steps_with_the_clicker_keys(page, server):
    open_app(page, f"{server}/?present=1")
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    # The map takes the width but a column for the large legend (Finland is tall, screens wide);
    # below 1700 px that column takes more, so its lines end on the screen (test_map_labels.py).
    width = page.locator(MAP_FRAME).bounding_box()["width"]
    assert width > 0.5 * page.viewport_size["width"]
    with script_run(page):
        page.keyboard.press("PageDown")  # what a presentation clicker sends
    page.wait_for_url(re.compile("partnership=strategic"), timeout=20_000)
    assert wait_for_shapes(page, MEMBERS["strategic"]) == MEMBERS["strategic"]
    assert "present=1" in page.url
    page.get_by_role("heading", name="Strategic partnership of the six largest cities").wait_for()


def test_an_upload_full_of_payloads_shows_them_as_literal_text(page, server, tmp_path):
    url = "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma"
    payloads = [
        "<img src=x onerror=alert(1)>",
        "<script>alert(2)</script>",
        "${alert(3)}",
        "`${alert(4)}`",
        '"><svg onload=alert(5)>',
    ]
    codes = ["091", "092", "049", "837", "564"]
    lines = ["partnership_id,municipality_code,name_fi,name_sv,group,themes,status,since,source_url,note"]
    for code, payload in zip(codes, payloads, strict=True):
        quoted = '"' + payload.replace('"', '""') + '"'
        lines.append(f"urban-policy-group,{code},,,{quoted},,active,,{url},{quoted}")
    lines.append(f"<script>alert(6)</script>,091,,,,,active,,{url},")  # rejected: shown in the problems
    upload = tmp_path / "payloads.csv"
    upload.write_text("\n".join(lines), encoding="utf-8")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    open_app(page, f"{server}/?city=091")
    page.get_by_role("tab", name="Check an updated list").click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("5 rows accepted, 1 rejected").wait_for(timeout=30_000)
    page.get_by_role("button", name="View the uploaded data (5 rows)").click()
    assert wait_for_shapes(page, 5) == 5
    # The details of Helsinki show its note as text, not as an element.
    page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for(timeout=20_000)
    frame = map_frame(page)
    for document in (page, frame):
        injected = document.evaluate(
            """() => document.querySelectorAll('img[src="x"], svg[onload]').length
                   + [...document.scripts].filter(s => /alert\\(\\d\\)/.test(s.textContent)).length"""
        )
        assert injected == 0
    # Hover a city: the tooltip is built from escaped text.
    with script_run(page):  # the details of the clicked city are drawn from the escaped text too
        click_city(page, "092")
    assert page.dialogs == []
    assert not [e for e in errors if "alert" in e]
