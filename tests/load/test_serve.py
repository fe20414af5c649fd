"""`make serve` as an operator runs it (python -m deploy.serve): uploads of any allowed size pass
through nginx, and kill -9 of any one process it started leaves the address answering while
that process is started again. All on 127.0.0.1; every wait has a deadline."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from components.data.memberships import PARTNERSHIPS_PATH
from components.render.assets import publish
from deploy.serve import healthy, nginx_binary
from harness.browser import chromium, free_port, new_page, open_app
from tests.helpers.paths import ROOT
from tests.helpers.servers import require_chromium

pytestmark = pytest.mark.alone  # several app processes: by themselves, after the other tests
STARTED = re.compile(r"ports (?P<replicas>.*), nginx pid (?P<nginx>\d+)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """deploy.serve with two app processes: its address, its replicas (port -> pid), nginx's pid."""
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light when run as root)")
    port, first = free_port(), free_port()
    env = os.environ | {
        "FINMAP_BOUNDARIES": "off",
        "FINMAP_POPULATION": "off",
        "FINMAP_LANG": "en",
        "FINMAP_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
    }
    command = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--first-replica-port", str(first)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        started = None
        for line in process.stdout:  # the app processes speak first; serve's line once all answer
            if started := STARTED.search(line):
                break
        assert started, "deploy.serve ended before it served"
        threading.Thread(target=process.stdout.read, daemon=True).start()  # a full pipe would block it
        replicas = {int(p): int(pid) for p, pid in re.findall(r"(\d+) \(pid (\d+)\)", started["replicas"])}
        yield f"http://127.0.0.1:{port}", replicas, int(started["nginx"])
    finally:
        process.terminate()
        process.wait(30)


def upload_file(tmp_path, size: str):
    """The bundled list as it is (102 KB), or with two long extra columns, nearly the 2 MB limit."""
    path = tmp_path / f"{size}.csv"
    lines = PARTNERSHIPS_PATH.read_text(encoding="utf-8").splitlines()
    if size == "2mb":
        padding = "x" * 6_900  # under the 10,000 characters a cell may hold
        lines = [lines[0] + ",padding_1,padding_2", *(f"{line},{padding},{padding}" for line in lines[1:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("size", ["100kb", "2mb"])
def test_an_upload_passes_through_nginx(served, tmp_path, size):
    require_chromium()
    url, _, _ = served
    path = upload_file(tmp_path, size)
    assert len(path.read_bytes()) > 8 * 1024  # larger than nginx keeps in memory: it goes to disk
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1366, "height": 900})
        open_app(page, url + "/?lang=en&tab=upload")
        page.locator('input[type="file"]').set_input_files(str(path))
        page.get_by_text(re.compile(r"rows accepted|All \d+ rows are valid|rows are valid")).first.wait_for(
            timeout=60_000
        )
        assert page.get_by_text(re.compile("AxiosError|status code 5")).count() == 0


def _answers_all_along(url: str, seconds: float) -> list[int]:
    """The address's health answers, every 0.25 s for `seconds` (0 where it did not answer)."""
    answers = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers.append(200 if healthy(url) else 0)
        time.sleep(0.25)
    return answers


def _comes_back(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.5)
    return False


def test_a_killed_app_process_is_started_again_and_the_address_keeps_answering(served):
    url, replicas, _ = served
    port, pid = next(iter(replicas.items()))
    os.kill(pid, signal.SIGKILL)
    answers = _answers_all_along(url, 8)
    assert answers.count(0) == 0, answers  # the other process answered meanwhile
    assert _comes_back(f"http://127.0.0.1:{port}", 90)  # and the lost one is back on its port
    with urllib.request.urlopen(url + "/?lang=en", timeout=10) as answer:
        assert answer.status == 200


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_nginx_is_started_again(served):
    url, _, nginx = served
    os.kill(nginx, signal.SIGKILL)
    # The killed master's workers go on answering until deploy.serve ends them (they hold the
    # port): wait for its whole process group to be gone, then for the new nginx.
    deadline = time.monotonic() + 30
    while _group_alive(nginx):
        assert time.monotonic() < deadline, "the killed nginx's workers were never ended"
        time.sleep(0.2)
    assert _comes_back(url, 30)
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as answer:
        assert answer.status == 200


def test_answers_carry_security_headers_and_no_internal_address(served):
    url, replicas, _ = served
    with urllib.request.urlopen(url + "/?lang=en", timeout=10) as answer:
        headers = answer.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    # Scripts only from this site (inline and eval are Streamlit's and streamlit-folium's own);
    # the only other host is the background tiles'.
    assert "http" not in policy["script-src"] and "http" not in policy["connect-src"].replace("ws://", "")
    assert policy["img-src"].split() == ["'self'", "data:", "blob:", "https://*.basemaps.cartocdn.com"]
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Finmap-Replica"] in ("1", "2")
    # No replica's address (the policy names the address the browser used, nginx's own).
    assert not [value for _, value in headers.items() for port in replicas if f":{port}" in value]


def test_text_is_compressed_and_content_named_files_are_kept(served):
    url, _, _ = served
    with urllib.request.urlopen(url + "/?lang=en", timeout=10) as answer:
        page = answer.read().decode("utf-8")
    scripts = re.findall(r'src="\.?(/?static/js/[^"]+\.js)"', page)
    assert scripts, "the page names no script"
    request = urllib.request.Request(f"{url}/{scripts[0].lstrip('/')}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
    # A file published as the app publishes its drawing code: named by its content.
    address = publish("// published by tests/load/test_serve.py\n", ".js")
    with urllib.request.urlopen(url + address, timeout=10) as answer:
        assert "immutable" in answer.headers["Cache-Control"]
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_first_load_through_nginx_is_compressed_cached_and_complete(served):
    """Every file the page loads in Chromium through nginx: text compressed, files named by their
    content kept for a year, the rest revalidated, none missing; a meta description and a
    robots.txt that is text (Streamlit answers that address with its page)."""
    require_chromium()
    url, _, _ = served
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1366, "height": 768})
        answers = []
        page.on("response", lambda response: answers.append((response.url, response.status, response.all_headers())))
        open_app(page, url + "/?lang=fi", wait_for="path.leaflet-interactive")
        description = page.locator('meta[name="description"]').get_attribute("content")
    assert description.startswith("Vuorovaikutteinen kartta")
    local = [(address[len(url) :], status, headers) for address, status, headers in answers if address.startswith(url)]
    assert [(path, status) for path, status, _ in local if status >= 400] == []
    text_type = re.compile(r"(text|application)/(javascript|css|html)")
    text = [(path, h) for path, status, h in local if status == 200 and text_type.match(h.get("content-type", ""))]
    plain = [p for p, h in text if h.get("content-encoding") != "gzip" and int(h.get("content-length", 0)) >= 1024]
    assert len(text) > 50 and plain == []  # under 1 KB, nginx leaves a file as it is (gzip_min_length)
    named = [(path, h) for path, h in text if re.search(r"\.[A-Za-z0-9_-]{8,}\.(js|css)$", path.split("?")[0])]
    assert any(path.startswith("/static/js/") for path, _ in named)
    assert any(path.startswith("/component/streamlit_folium") for path, _ in named)  # st_folium's main.js
    assert [path for path, h in named if "max-age=31536000" not in h.get("cache-control", "")] == []
    leaflet = next(h for path, _, h in local if path == "/app/static/leaflet/leaflet.js")
    assert leaflet["cache-control"] == "no-cache"
    with urllib.request.urlopen(url + "/robots.txt", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/plain")
        assert answer.read().decode().startswith("User-agent: *")


def test_the_page_runs_under_its_content_security_policy(served):
    """Through nginx, with its policy: the map, the tabs' charts and presentation mode draw, and the
    browser reports no violation. Without 'unsafe-eval' the map never draws (measured)."""
    require_chromium()
    url, _, _ = served
    with chromium() as browser:
        page = new_page(browser, viewport={"width": 1366, "height": 900})
        blocked = []
        page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
        page.on("pageerror", lambda error: blocked.append(str(error)))
        frame = open_app(page, url + "/?lang=en", wait_for="path.leaflet-interactive")
        assert frame.locator("path.leaflet-interactive").count() > 0
        for tab in ("Timeline", "Compare", "Overlaps"):
            page.get_by_role("tab", name=tab).first.click()
        page.get_by_role("tab", name="Timeline").first.click()
        page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first.wait_for(
            timeout=30_000
        )
        open_app(page, url + "/?lang=en&present=1", wait_for="path.leaflet-interactive")
    assert blocked == []
