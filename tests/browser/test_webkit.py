"""The load, a click, a filter and a language switch in WebKit as well as Chromium: Debian's
WebKitGTK (MiniBrowser) driven by its WebKitWebDriver through Selenium, on an Xvfb display this
module starts itself, with no host but 127.0.0.1 reachable (harness/webkit.py).

Without WebKitWebDriver or Xvfb the tests are skipped with the reason, as the other tools' tests
are; in CI (CI set) they fail instead, since `make test` installs both there
(scripts/ensure_webkit.sh). A WebKit that is installed but does not start always fails."""

from __future__ import annotations

import os
import re
import threading
import urllib.request
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from components.base.i18n import strings
from harness.browser import APP_READY, MAP_FRAME
from harness.webkit import missing, virtual_display, webkit
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS, members_in_csv
from tests.helpers.pages import CITY_POINT_JS

WINDOW = {"width": 1600, "height": 1000}
LOAD_TIMEOUT = 120  # seconds: WebKit under Xvfb on a busy machine is slower than Chromium
STEP_TIMEOUT = 60

# Leaflet's interactive shapes in the map's frame (same-origin), -1 while there is no map.
PATHS_JS = f"""() => {{ const frame = document.querySelector('{MAP_FRAME}');
    const doc = frame && frame.contentDocument;
    return doc ? doc.querySelectorAll('path.leaflet-interactive').length : -1; }}"""
# Tile layers on the map (the background map), -1 while there is no map.
TILE_LAYERS_JS = f"""() => {{ const frame = document.querySelector('{MAP_FRAME}');
    const w = frame && frame.contentWindow;
    if (!w || !w.map_div || !w.L) return -1;
    let n = 0; w.map_div.eachLayer(l => {{ if (l instanceof w.L.TileLayer) n++; }}); return n; }}"""
# The checked options' labels of the sidebar's radio group named `label`.
CHOSEN_JS = """(label) => [...document.querySelectorAll('[data-testid=stSidebar] [role=radiogroup]')]
    .filter(group => group.getAttribute('aria-label') === label)
    .flatMap(group => [...group.querySelectorAll('label')].filter(option => option.querySelector('input:checked')))
    .map(option => option.innerText.trim())"""
WHOLE_PAGE_JS = """() => !!document.querySelector('[data-testid=stSidebar] [data-testid=stMultiSelect]')
    && !document.querySelector('[data-testid=stSkeleton]')"""
LANGUAGE_OPTION = "//*[@data-testid='stSidebar']//label[@data-testid='stRadioOption']"
APP_IDLE_JS = f"() => !!document.querySelector('{APP_READY}')"
PAGE_LANG_JS = "() => document.documentElement.lang"
HEADINGS_JS = "() => [...document.querySelectorAll('h1, h2, h3')].map(h => h.innerText.trim())"


def require_webkit() -> None:
    lacking = missing()
    if lacking:
        reason = (
            f"WebKit cannot run here: {', '.join(lacking)} missing "
            "(make test installs Debian's webkit2gtk-driver and xvfb when run as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    require_webkit()
    log = tmp_path_factory.mktemp("webkit") / "driver.log"
    with ExitStack() as stack:
        try:
            display = stack.enter_context(virtual_display())
            started = stack.enter_context(webkit(display, log))
        except Exception as error:
            said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"WebKit is installed but did not start: {error}\n{said}", pytrace=False)
        started.set_window_rect(0, 0, WINDOW["width"], WINDOW["height"])
        yield started


def run(driver, function_js: str, *args):
    """Calls a JavaScript function (as text) in the current document with `args`."""
    return driver.execute_script(f"return ({function_js})(...arguments)", *args)


def wait_for(driver, condition, what: str, timeout: float = STEP_TIMEOUT, fail: bool = True) -> None:
    """Until `condition()` is true; at the timeout fails saying `what` was awaited, or with
    fail=False returns, for the test's own assertion to say what is wrong."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.3).until(lambda _: condition(), message=f"waited for {what}")
    except TimeoutException:
        if fail:
            raise


BLOCKS = "[...document.querySelectorAll('[class*=\"st-key-membership_\"]')]"


def detail_blocks(driver) -> set[str]:
    """The partnerships of the details' membership blocks, from their keys (membership_<id>)."""
    keys = driver.execute_script(f"return {BLOCKS}.map(e => [...e.classList].find(c => c.startsWith('st-key-')))")
    return {key.removeprefix("st-key-membership_") for key in keys}


def page_state(driver, words: dict) -> dict:
    """What a language switch must leave: the heading, <html lang>, the chosen background map and
    its tile layer, the map's shapes, and no script run going on."""
    return {
        "heading": words["app.title"] if words["app.title"] in run(driver, HEADINGS_JS) else run(driver, HEADINGS_JS),
        "html lang": run(driver, PAGE_LANG_JS),
        "background": run(driver, CHOSEN_JS, words["filters.basemap"]),
        "tile layers": run(driver, TILE_LAYERS_JS),
        "shapes": run(driver, PATHS_JS),
        "idle": run(driver, APP_IDLE_JS),
    }


def open_app(driver, url: str, shapes: int) -> None:
    """Open `url` and wait until the map has drawn `shapes` shapes and the whole page is there."""
    driver.get(url)
    wait_for(driver, lambda: run(driver, PATHS_JS) == shapes, f"{shapes} shapes on the map", LOAD_TIMEOUT)
    wait_for(driver, lambda: run(driver, WHOLE_PAGE_JS), "the sidebar's filters", LOAD_TIMEOUT)


def click_city(driver, code: str) -> None:
    """Click where Leaflet draws the city, as a person would (the pointer in page coordinates)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By

    frame = driver.find_element(By.CSS_SELECTOR, MAP_FRAME)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", frame)
    driver.switch_to.frame(frame)
    try:
        point = run(driver, CITY_POINT_JS, code)
    finally:
        driver.switch_to.default_content()
    assert point, f"city {code} is not drawn"
    box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", frame)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(round(box["x"] + point[0]), round(box["y"] + point[1])).click()
    actions.perform()


@pytest.fixture
def loopback_elsewhere():
    """A small HTTP server on 127.0.0.2: reachable from this machine, but not from the browser,
    whose proxy lets only 127.0.0.1 through; it stands for any outside host. Yields its URL."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.2", 0), Answer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.2:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


REACH_JS = "(url) => fetch(url, {mode: 'no-cors', cache: 'no-store'}).then(() => 'reached', () => 'unreachable')"


def test_the_page_loads_and_the_map_draws_every_shape_with_no_outside_host(driver, server, loopback_elsewhere):
    open_app(driver, f"{server}/?lang=en", MEMBERSHIP_ROWS)
    assert run(driver, PATHS_JS) == MEMBERSHIP_ROWS  # one shape per membership row
    assert strings("en")["app.title"] in run(driver, HEADINGS_JS)
    assert run(driver, TILE_LAYERS_JS) == 1  # the light background map, its tiles blocked
    # The page reaches its own server and nothing else, not even another address of this machine.
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    assert no_proxy.open(loopback_elsewhere, timeout=10).read() == b"ok"
    assert run(driver, REACH_JS, loopback_elsewhere) == "unreachable"
    assert run(driver, REACH_JS, f"{server}/_stcore/health") == "reached"


def test_a_click_on_a_municipality_opens_its_details(driver, server):
    open_app(driver, f"{server}/?lang=en&partnership=east-finland", MEMBERS["east-finland"])
    click_city(driver, "167")
    wait_for(driver, lambda: "Joensuu" in run(driver, HEADINGS_JS), "Joensuu's details heading")
    assert "city=167" in driver.current_url
    joensuu_in = {pid for pid, codes in members_in_csv().items() if "167" in codes}
    wait_for(driver, lambda: detail_blocks(driver) == joensuu_in, "Joensuu's memberships", fail=False)
    assert detail_blocks(driver) == joensuu_in  # one block per partnership it is in
    first = driver.execute_script(f"return {BLOCKS}[0].innerText")
    assert first.startswith("Eastern Finland thematic partnership"), first


def test_choosing_a_partnership_narrows_the_map(driver, server):
    from selenium.webdriver.common.by import By

    open_app(driver, f"{server}/?lang=en", MEMBERSHIP_ROWS)
    box = driver.find_element(By.CSS_SELECTOR, '[data-testid=stSidebar] input[aria-label="Partnership"]')
    box.click()
    box.send_keys("Vitality partnership")
    option = "//*[@role='option'][normalize-space()='Vitality partnership']"
    wait_for(driver, lambda: driver.find_elements(By.XPATH, option), "the option Vitality partnership")
    driver.find_element(By.XPATH, option).click()
    wait_for(driver, lambda: run(driver, PATHS_JS) == MEMBERS["vitality"], "the vitality partnership's shapes")
    assert run(driver, PATHS_JS) == MEMBERS["vitality"] < MEMBERSHIP_ROWS
    assert re.search(r"[?&]partnership=vitality(&|$)", driver.current_url), driver.current_url


def test_a_language_switch_changes_the_words_and_keeps_the_background_map(driver, server):
    from selenium.webdriver.common.by import By

    open_app(driver, f"{server}/?lang=en", MEMBERSHIP_ROWS)
    english = strings("en")
    assert run(driver, CHOSEN_JS, english["filters.basemap"]) == [english["map.basemap_light"]]
    for lang in ("fi", "sv", "en"):  # fi -> sv once dropped the tiles while "Ljus karta" showed chosen
        words = strings(lang)
        driver.find_element(By.XPATH, f"{LANGUAGE_OPTION}[normalize-space()='{words['language.name']}']").click()
        # The page in the new language, its runs over: the radio group is drawn anew on the way
        # (no option checked for a moment) and the map's script sets <html lang> once it has drawn.
        settled = {
            "heading": words["app.title"],
            "html lang": lang,
            "background": [words["map.basemap_light"]],
            "tile layers": 1,
            "shapes": MEMBERSHIP_ROWS,
            "idle": True,
        }
        wait_for(driver, lambda words=words, settled=settled: page_state(driver, words) == settled, lang, fail=False)
        assert page_state(driver, words) == settled, lang
        assert f"lang={lang}" in driver.current_url
