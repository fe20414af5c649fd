"""The page's shell (components/page/shell.py): the first answer in the link's language, and the
middleware's compression, caching and robots.txt, on a stand-in for Streamlit's server."""

from __future__ import annotations

import asyncio
import gzip
import html
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import streamlit

from components.model.map import finland_outline
from components.page.shell import ROBOTS_TXT, ShellMiddleware, accepts_gzip, cache_control, shell_page
from tests.helpers.paths import ROOT

INDEX = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
BUNDLE = b"function f(){return 1}\n" * 2000


def test_the_first_answer_is_the_page_in_the_links_language():
    page = shell_page(INDEX, "sv")
    assert '<html lang="sv">' in page
    assert "<title>Partnerskap mellan staten och städerna</title>" in page
    assert '<meta name="description" content="En interaktiv karta över statens' in page
    assert 'role="status">Kartan laddas…</span>' in page
    # Streamlit's own page is kept around ours: its scripts, and the root React draws into.
    assert page.count('<div id="root"></div>') == 1 and 'type="module"' in page
    # The layout's own styles are in the head: the heading and the map frame are sized from the start.
    head = page.split("</head>")[0]
    assert ".st-key-page_heading h1 { font-size: 1.6rem" in head and "100svh - 120px" in head


def test_the_loading_frame_shows_finlands_outline_from_the_first_byte():
    """A still picture of Finland in the map's frame: the largest thing painted first, so the
    browser's largest contentful paint is not a later text (docs/performance.md, Lighthouse)."""
    page = shell_page(INDEX, "en")
    frame = page.split('<div class="shell-map">', 1)[1].split("</div>", 1)[0]
    picture = re.search(r'<img class="shell-picture" src="data:image/svg\+xml,([^"]+)" alt="" />', frame)
    assert picture, frame[:200]
    svg = unquote(html.unescape(picture.group(1)))
    # The project's own outline, Åland included: every ring in one path, no address to fetch.
    rings = sum(len(polygon) for polygon in finland_outline()["coordinates"])
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert svg.startswith("<svg xmlns=") and svg.count("<path ") == 1 and path.count("M") == rings >= 9
    assert "href" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    width, height = (int(value) for value in re.search(r'width="(\d+)" height="(\d+)"', svg).groups())
    assert 0.45 < width / height < 0.55  # Finland in the map's projection: about twice as tall as wide
    # Enough bytes for its drawn size that Chromium counts it (0.05 bits per pixel at most 44rem high).
    assert len(svg) * 8 / (704 * 704 * width / height) > 0.05
    assert 'role="status">Loading the map…</span>' in frame


def test_streamlits_code_waits_for_the_first_paint_and_none_is_lost():
    """Nothing in the head holds the first paint back or shares the line with it: Streamlit's
    stylesheet, its app script and its preloads are all in the inert template, in their order,
    and the script that adds them runs after the loading frame in the body."""
    page = shell_page(INDEX, "en")
    head, body = page.split("</head>", 1)
    assert "modulepreload" not in head and 'rel="stylesheet"' not in head and 'type="module"' not in head
    original = re.findall(r'(?:src|href)="(\./static/(?:js|css)/[^"]+)"', INDEX)
    template = body.split('<template id="finmap-page-code">', 1)[1].split("</template>", 1)[0]
    assert re.findall(r'(?:src|href)="(\./static/(?:js|css)/[^"]+)"', template) == original
    assert len(original) > 50 and template.count('type="module"') == 1
    assert body.index('id="finmap-shell"') < body.index("finmap-page-code") < body.index("requestAnimationFrame")


def test_presentation_mode_has_no_heading_outline():
    assert 'class="shell-heading"' not in shell_page(INDEX, "fi", present=True)
    assert 'class="shell-heading"' in shell_page(INDEX, "fi")


def test_which_files_are_kept_and_which_revalidated():
    assert "immutable" in cache_control("/app/static/generated/ccbf8e5f8b88ca5baa36.js")
    assert "immutable" in cache_control("/component/streamlit_folium.st_folium/static/js/main.521860b0.js")
    assert cache_control("/component/streamlit_folium.st_folium/index.html") == "no-cache"
    assert cache_control("/app/static/leaflet/leaflet.js") == "no-cache"
    assert cache_control("/static/js/index.DormvYxC.js") is None  # Streamlit's own answer stands
    assert cache_control("/") is None


def test_gzip_only_when_the_browser_accepts_it():
    assert accepts_gzip({"headers": [(b"accept-encoding", b"gzip, deflate, br")]})
    assert not accepts_gzip({"headers": [(b"accept-encoding", b"br, gzip;q=0")]})
    assert not accepts_gzip({"headers": []})


class FakeStreamlit:
    """Answers like Streamlit's server: its index page for "/", a content-named bundle, counted."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        if scope["path"].startswith("/static/"):
            headers = [(b"content-type", b"application/javascript"), (b"etag", b'"abc"')]
            headers.append((b"cache-control", b"public, immutable, max-age=31536000"))
            body = BUNDLE
        else:
            headers, body = [(b"content-type", b"text/html; charset=utf-8")], INDEX.encode()
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def answer(middleware, path: str, query: bytes = b"", encoding: bytes = b"gzip", method: str = "GET"):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    scope["headers"] = [(b"accept-encoding", encoding)] if encoding else []
    # In a thread of its own: a browser test earlier in the same worker leaves Playwright's
    # event loop running in this one, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, middleware(scope, receive, send)).result()
    headers = {name.decode(): value.decode() for name, value in sent[0]["headers"]}
    return sent[0]["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_a_bundle_is_compressed_once_and_kept():
    streamlit_server = FakeStreamlit()
    middleware = ShellMiddleware(streamlit_server)
    first = answer(middleware, "/static/js/index.abcdefgh.js")
    second = answer(middleware, "/static/js/index.abcdefgh.js")
    assert first[1]["content-encoding"] == "gzip" and first[1]["vary"] == "Accept-Encoding"
    assert gzip.decompress(first[2]) == BUNDLE and second == first
    assert int(first[1]["content-length"]) == len(first[2]) < len(BUNDLE) / 10
    assert first[1]["etag"] == 'W/"abc"'  # not the plain file's
    assert streamlit_server.calls == 1  # the second answer came from what was kept
    plain = answer(middleware, "/static/js/index.abcdefgh.js", encoding=b"")
    assert plain[2] == BUNDLE and "content-encoding" not in plain[1]


def test_the_index_page_is_rewritten_and_compressed():
    status, headers, body = answer(ShellMiddleware(FakeStreamlit()), "/", query=b"lang=fi&partnership=mal")
    page = gzip.decompress(body).decode()
    assert status == 200 and headers["content-encoding"] == "gzip" and "Kartta latautuu…" in page
    # A language that is not ours gives the default, never the request's text.
    _, _, body = answer(ShellMiddleware(FakeStreamlit()), "/", query=b"lang=%3Cscript%3E")
    assert '<html lang="en">' in gzip.decompress(body).decode()


def test_robots_txt_is_text_and_never_the_page():
    status, headers, body = answer(ShellMiddleware(FakeStreamlit()), "/robots.txt", encoding=b"")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode() == ROBOTS_TXT and "Disallow: /_stcore/" in ROBOTS_TXT


def test_the_shell_does_not_load_the_map_component():
    """st_folium registers its files only when first imported inside a script run: the server's
    import of the shell must not import it first (the map's frame was a 404)."""
    probe = "import sys, components.page.shell; print('streamlit_folium' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


def test_the_offline_notice_is_styled_from_the_first_byte():
    """The notice of missing boundaries or figures is one line from its first paint: its style is
    in the page's head, not only in the element that arrives with it (it drew as a tall box first
    and moved the counts and the map on a phone)."""
    head = shell_page(INDEX, "fi").split("</head>")[0]
    assert ".st-key-missing_sources summary p" in head and ".st-key-missing_sources { margin-bottom: -1rem; }" in head
