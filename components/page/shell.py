"""What the server sends before the page's script has run: the page's shell and its files.

Streamlit serves one static index.html whose only content is an empty `<div id="root">`; its
script (about 3 MB) must load before the app can even ask for the first script run. On a phone
that was seconds of white page, and the layout then jumped as our styles arrived with the first
elements. `ShellMiddleware` (started by server.py, Streamlit's documented `st.App(middleware=)`)
changes only what goes over HTTP:

- the index page, in the language of its link: the title, a meta description, our layout's
  styles in the head (so the heading and the map frame have their size from the first paint),
  and a still outline of the heading and the map frame with "Loading the map…", shown over the
  page until the real heading and map replace it (CSS `:has`, no script);
- compression: Streamlit sends its own bundles (`/static/`) and the index page uncompressed; we
  gzip each bundle once per process and keep it (their names carry their content's hash), and
  the index page per request (it is a few kilobytes);
- the page's code after the first paint: Streamlit's stylesheet blocks the first paint, and its
  58 scripts (preloaded in the head) share the line with it, so the loading frame waited for
  them; they are started by a small script once the frame is painted, the stylesheet first;
- caching: files named by their content for a year (`immutable`), the rest revalidated;
- `/robots.txt` as text (Streamlit answers any unknown address with the index page).
"""

from __future__ import annotations

import functools
import gzip
import html
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from components.base.colours import CARD_CHOSEN, CONTEXT_FILL, OUTLINE_LINE, TITLE_INK
from components.base.i18n import t
from components.model.link import read_link
from components.model.map import finland_outline
from components.page.layout import MAP_ROOM, MAP_ROOM_PHONE, base_css, layout_css, map_frame_css
from components.page.notices import missing_sources_css
from components.page.search import search_css
from components.render.outline_picture import data_url, outline_svg

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ROBOTS_TXT = "User-agent: *\nDisallow: /_stcore/\nAllow: /\n"
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = ("text/html", "text/css", "text/plain", "application/javascript", "text/javascript", "application/json")
COMPRESSIBLE += ("image/svg+xml", "application/geo+json")
# A bundle named by its content: `index.DormvYxC.js`, st_folium's `main.521860b0.js`.
CONTENT_NAMED = re.compile(r"\.[A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png)$")
# Streamlit's own routes that are not pages: never rewritten.
NOT_PAGES = ("/_stcore/", "/static/", "/app/static/", "/component/", "/media/", "/bidi-components/")
MAX_CACHED_BYTES = 64 * 1024 * 1024  # Streamlit's whole frontend is about 20 MB uncompressed

# Shown over the page until the real heading and map are drawn; the real ones take their place
# (the same sizes, from the layout's own CSS below), so nothing moves when they arrive.
SHELL_CSS = """
body { margin: 0; }  /* as Streamlit's script sets it: the frame does not move when it runs */
#finmap-shell { position: absolute; top: 0; left: 0; right: 0; z-index: 999991; pointer-events: none;
  padding: 3.5rem 1.5rem 0 1.5rem; font-family: "Source Sans", sans-serif; color: TITLE_INK; }
#finmap-shell .shell-heading { height: 7.4rem; overflow: hidden; }
#finmap-shell .shell-title { font-size: 1.6rem; font-weight: 700; line-height: 1.25; margin: 0.2rem 0 0 0; }
#finmap-shell .shell-tagline { font-size: 0.875rem; margin: 0.5rem 0 0 0; }
#finmap-shell .shell-map { width: calc((100% - 1rem) * 5 / 7); height: max(320px, calc(100svh - MAP_ROOMpx));
  background: CARD_CHOSEN; border-radius: 0.5rem; display: flex; align-items: center; justify-content: center;
  font-size: 1.1rem; position: relative; overflow: hidden; }
/* Finland's outline, the largest thing in the first paint (a browser's largest contentful paint
   is then the map's place at once, not a text drawn seconds later); the words lie over it. */
#finmap-shell .shell-picture { position: absolute; top: 50%; left: 50%; transform: translate(-50%, -50%);
  height: 92%; max-height: 44rem; width: auto; }
#finmap-shell .shell-words { position: relative; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  background: CARD_CHOSEN; }
@media (max-width: 640px) {
  #finmap-shell { padding: 3.75rem 0.75rem 0 0.75rem; }
  #finmap-shell .shell-heading { height: 4.5rem; }
  #finmap-shell .shell-title { font-size: 1.3rem; }
  #finmap-shell .shell-tagline { display: none; }
  #finmap-shell .shell-map { width: 100%; height: max(320px, calc(100svh - MAP_ROOM_PHONEpx)); }
}
@media (min-width: 1400px) { #finmap-shell { left: SIDEBAR_WIDTHpx; } }
/* The real heading and map take the outline's place (the outline keeps its own, so nothing in
   it moves). The map's frame is known by its address: its title becomes the map's name once the
   layers are drawn (map_layers.js). */
body:has([data-testid="stMainBlockContainer"] h1) #finmap-shell .shell-heading { visibility: hidden; }
body:has(iframe[src*="streamlit_folium.st_folium"]) #finmap-shell, body:has(.fact-sheet) #finmap-shell,
body:has([data-testid="stMainBlockContainer"] [data-testid="stAlert"]) #finmap-shell { display: none; }
/* The map's place is kept while its code loads (Streamlit shows an empty skeleton meanwhile). */
.st-key-map_box > [data-testid="stElementContainer"]:first-child:has(> [data-testid="stSkeleton"]) {
  height: max(320px, calc(100svh - MAP_ROOMpx)); }
@media (max-width: 640px) {
  .st-key-map_box > [data-testid="stElementContainer"]:first-child:has(> [data-testid="stSkeleton"]) {
    height: max(320px, calc(100svh - MAP_ROOM_PHONEpx)); } }
/* Elsewhere in the heading and under the map, a skeleton is a style sheet's (st.html) or a notice's
   whose code loads: it takes no room until there is something to show. */
.st-key-page_heading [data-testid="stElementContainer"]:has(> [data-testid="stSkeleton"]),
.st-key-map_box > [data-testid="stElementContainer"]:not(:first-child):has(> [data-testid="stSkeleton"]) {
  display: none; }
/* The page is always wide: no centred column before the page's settings arrive. */
[data-testid="stMainBlockContainer"] { max-width: initial !important; }
/* On a laptop-sized window the sidebar starts closed (components/page/sidebar.py); Streamlit
   opens it first. Hidden until it is closed, so the page does not slide twice. */
@media (min-width: 641px) and (max-width: 1399px) {
  html:not(.finmap-sidebar-settled) [data-testid="stSidebar"] { display: none !important; }
}
/* On a wide screen the sidebar opens beside the page, but its code comes after the heading's:
   the page keeps its room until it is there, or the whole page moved right as it arrived. */
@media (min-width: 1400px) {
  html.finmap-sidebar-coming [data-testid="stAppViewContainer"]:not(:has(> [data-testid="stSidebar"]))
    > :has(> [data-testid="stMain"]) { margin-left: SIDEBAR_WIDTHpx; } }
"""
SIDEBAR_WIDTH = 300  # Streamlit's open sidebar, in px
for _name, _value in (
    ("MAP_ROOM_PHONE", MAP_ROOM_PHONE),
    ("MAP_ROOM", MAP_ROOM),
    ("TITLE_INK", TITLE_INK),
    ("SIDEBAR_WIDTH", SIDEBAR_WIDTH),
):
    SHELL_CSS = SHELL_CSS.replace(_name, str(_value))
SHELL_CSS = SHELL_CSS.replace("CARD_CHOSEN", CARD_CHOSEN)

# Closes the sidebar on a laptop-sized window as soon as Streamlit draws it, then lets it show;
# on a wide screen keeps its room until it is drawn (not when presenting or on a fact sheet,
# whose sidebar starts closed or never comes: SIDEBAR_COMES).
SHELL_SCRIPT = """
(function () {
  const root = document.documentElement;
  const settle = () => root.classList.add('finmap-sidebar-settled');
  if (window.innerWidth >= 1400 && SIDEBAR_COMES) {
    root.classList.add('finmap-sidebar-coming');
    const started = Date.now();
    const arrived = () => {
      if (document.querySelector('[data-testid="stSidebar"]') || Date.now() - started > 30000) {
        root.classList.remove('finmap-sidebar-coming');
      } else { setTimeout(arrived, 50); }
    };
    arrived();
  }
  if (window.innerWidth < 641 || window.innerWidth >= 1400) { settle(); return; }
  const started = Date.now();
  const close = () => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    // Closed: said by the sidebar, or by the button that opens it (drawn only while it is closed).
    const closed = (sidebar && sidebar.getAttribute('aria-expanded') === 'false') ||
      document.querySelector('[data-testid="stExpandSidebarButton"]');
    if (closed) { settle(); return; }
    if (sidebar && button) button.click();
    if (Date.now() - started > 30000) { settle(); return; }
    setTimeout(close, 50);
  };
  close();
})();
"""

# Streamlit's code, taken out of the head (where its stylesheet blocks the first paint and its
# scripts compete with it for the line) into an inert <template>, and added to the head by
# PAGE_CODE_SCRIPT once the loading frame is painted: the stylesheet and the preloads at once,
# the app's script when the stylesheet has applied (drawn without it, its first elements would
# move as it arrives).
PAGE_CODE = re.compile(
    r'[ \t]*(?:<script type="module"[^>]*></script>|<link rel="(?:modulepreload|stylesheet)"[^>]*>)\n?'
)
PAGE_CODE_SCRIPT = """
(function () {
  var started = false;
  function made(tag) {
    var element = document.createElement(tag.tagName.toLowerCase());
    Array.prototype.forEach.call(tag.attributes, function (a) { element.setAttribute(a.name, a.value); });
    return element;
  }
  function load() {
    if (started) { return; }
    started = true;
    var tags = Array.prototype.slice.call(document.getElementById('finmap-page-code').content.children);
    var script = null, pending = 0;
    function run() { if (--pending <= 0 && script) { document.head.appendChild(made(script)); script = null; } }
    tags.forEach(function (tag) {
      if (tag.tagName === 'SCRIPT') { script = tag; return; }
      var element = made(tag);
      if (element.rel === 'stylesheet') { pending++; element.onload = element.onerror = run; }
      document.head.appendChild(element);
    });
    if (!pending) { pending = 1; run(); }
  }
  // After the first frame; a tab opened in the background paints no frame: at once there.
  if (document.visibilityState === 'hidden') { load(); return; }
  requestAnimationFrame(function () { setTimeout(load, 0); });
})();
"""


@functools.cache
def outline_picture() -> str:
    """Finland's outline (the project's own, data/finland-outline.geojson) as an <img> for the
    loading frame: decoration, so no alternative text; the frame's words say what is happening."""
    src = html.escape(data_url(outline_svg(finland_outline(), CONTEXT_FILL, OUTLINE_LINE)), quote=True)
    return f'<img class="shell-picture" src="{src}" alt="" />'


def shell_language(query_string: bytes) -> tuple[str, bool, bool]:
    """The language of the link (`?lang=`, else the default), whether it presents, and whether
    it opens a fact sheet."""
    params = {key: values for key, values in parse_qs(query_string.decode("latin-1")).items()}
    link = read_link({key: values[-1] for key, values in params.items()})
    return link.state.lang, link.state.present, link.state.sheet


def shell_page(index: str, lang: str, present: bool = False, sheet: bool = False) -> str:
    """Streamlit's index page with our head and the outline of the page in `lang`. Texts from
    our locales only, escaped; nothing from the request but the language's code."""
    title = html.escape(t("app.title", lang))
    description = html.escape(t("first_load.description", lang), quote=True)
    # The search's styles too: they keep its place under the title on a phone, where the counts
    # and the map moved down by its height as its own style element's code arrived; and the
    # offline notice's, which drew as a tall box for a moment before its one line.
    early = (base_css(), layout_css(), map_frame_css(), search_css(), missing_sources_css())
    styles = "".join(re.sub(r"</?style>", "", css) for css in early)
    head = (
        f"<title>{title}</title>\n"
        f'    <meta name="description" content="{description}" />\n'
        f"    <style>{styles}{SHELL_CSS}</style>\n"
        f"    <script>{SHELL_SCRIPT.replace('SIDEBAR_COMES', 'false' if present or sheet else 'true')}</script>"
    )
    heading = (
        ""
        if present
        else f'<div class="shell-heading" aria-hidden="true"><div class="shell-title">{title}</div>'
        f'<p class="shell-tagline">{html.escape(t("layout.tagline", lang))}</p></div>'
    )
    outline = (
        f'<div id="finmap-shell">{heading}'
        f'<div class="shell-map">{outline_picture()}'
        f'<span class="shell-words" role="status">{html.escape(t("first_load.loading_map", lang))}</span></div></div>\n'
        '    <div id="root"></div>'
    )
    page_code = "".join(tag.strip() for tag in PAGE_CODE.findall(index))
    index = PAGE_CODE.sub("", index)
    outline += f'\n    <template id="finmap-page-code">{page_code}</template>\n    <script>{PAGE_CODE_SCRIPT}</script>'
    page = re.sub(r'<html lang="[^"]*">', f'<html lang="{lang}">', index, count=1)
    page = re.sub(r"<title>[^<]*</title>", lambda _: head, page, count=1)
    return page.replace('<div id="root"></div>', outline, 1)


def accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            codings = {part.split(b";")[0].strip(): part for part in value.lower().split(b",")}
            return b"gzip" in codings and b"q=0" not in codings[b"gzip"].replace(b" ", b"").replace(b"q=0.", b"")
    return False


def cache_control(path: str) -> str | None:
    """The Cache-Control for our own and the components' files (Streamlit's `/static/` bundles
    already say `immutable`); None leaves Streamlit's answer as it is."""
    if path.startswith("/app/static/generated/"):
        return YEAR  # named by their content (components/render/assets.py)
    if path.startswith("/app/static/") or path.startswith("/component/"):
        return YEAR if CONTENT_NAMED.search(path) else REVALIDATE
    return None


def _with_headers(headers: list, changes: dict[bytes, bytes | None]) -> list:
    kept = [(name, value) for name, value in headers if name.lower() not in changes]
    return kept + [(name, value) for name, value in changes.items() if value is not None]


def _header(headers: list, name: bytes) -> bytes:
    return next((value for key, value in headers if key.lower() == name), b"")


class ShellMiddleware:
    """The shell, compression and caching described above, in front of Streamlit's server."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.compressed: dict[str, tuple[bytes, list]] = {}  # path -> (gzip body, its headers)
        self.compressed_bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == "/robots.txt":
            await self._robots(scope, send)
        elif (control := cache_control(path)) is not None:
            await self._recached(scope, receive, send, control)
        elif path.startswith("/static/") or not path.startswith(NOT_PAGES):
            await self._buffered(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _robots(self, scope: Scope, send: Send) -> None:
        body = ROBOTS_TXT.encode()
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"public, max-age=86400"),
        ]
        await _send_whole(send, 200, headers, body, scope["method"] == "HEAD")

    async def _recached(self, scope: Scope, receive: Receive, send: Send, control: str) -> None:
        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = _with_headers(list(message["headers"]), {b"cache-control": control.encode()})
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cache)

    async def _buffered(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A bundle or a page: Streamlit's whole answer, then sent compressed (and, for the
        index page, with the shell)."""
        path = scope["path"]
        gzip_ok = accepts_gzip(scope)
        cached = self.compressed.get(path) if gzip_ok and scope["method"] == "GET" else None
        if cached is not None and not _conditional(scope):
            body, headers = cached
            await _send_whole(send, 200, headers, body)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:  # zero-copy and other extensions: not expected here, passed on as they are
                await send(message)

        await self.app(scope, receive, collect)
        status, headers, body = start["status"], list(start["headers"]), b"".join(chunks)
        kind = _header(headers, b"content-type").decode("latin-1")
        if status == 200 and kind.startswith("text/html") and not path.startswith("/static/"):
            lang, present, sheet = shell_language(scope.get("query_string", b""))
            body = shell_page(body.decode("utf-8"), lang, present, sheet).encode("utf-8")
            headers = _with_headers(headers, {b"content-length": str(len(body)).encode(), b"etag": None})
        if scope["method"] == "HEAD" or status != 200 or not gzip_ok or not kind.startswith(COMPRESSIBLE):
            await _send_whole(send, status, headers, body, scope["method"] == "HEAD")
            return
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        etag = _header(headers, b"etag")
        etag = (b"W/" + etag if etag and not etag.startswith(b"W/") else etag) or b""
        changes = {
            b"content-encoding": b"gzip",
            b"content-length": str(len(packed)).encode(),
            b"vary": b"Accept-Encoding",
            b"etag": etag or None,
            b"date": None,  # kept answers would repeat it; the server adds its own
        }
        headers = _with_headers(headers, changes)
        if b"immutable" in _header(headers, b"cache-control") and self.compressed_bytes < MAX_CACHED_BYTES:
            self.compressed[path] = (packed, headers)  # a content-named bundle: the same for good
            self.compressed_bytes += len(packed)
        await _send_whole(send, status, headers, packed)


def _conditional(scope: Scope) -> bool:
    return any(name in (b"if-none-match", b"if-modified-since") for name, _ in scope.get("headers", ()))


async def _send_whole(send: Send, status: int, headers: list, body: bytes, head: bool = False) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
