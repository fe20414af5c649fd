"""Text from outside (a link's values and parameter names, an uploaded file's name, the data's
own texts) reaches the page's Markdown boxes as text: no link, image or formatting of its own."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from components.data.memberships import join_cities, validate_partnerships
from components.data.upload import UploadCheck
from components.page import state
from components.page.keys import KEY_UPLOAD, KEY_UPLOAD_SHOWN
from tests.helpers.apptest import open_page, run_app
from tests.helpers.paths import FIXTURE_DATA, ROOT

LINK = "[Sign in](https://ev.il/login)"
IMAGE = "![p](http://127.0.0.1:8790/pix.png)"
# The payloads' Markdown, live: an unescaped "](" before the hostile address, "![", or the bare
# address itself, which GitHub-flavoured Markdown makes a link by itself (escaped or not).
LIVE = re.compile(
    r"(?<!\\)\]\((?:https://ev\.il|http://127\.0\.0\.1:8790)|(?<!\\)!(?<!\\)\[p"
    r"|https?\\?://(?:ev|127)"
)


def markdown_bodies(app) -> list[str]:
    """The Markdown every box of the page renders: notices, captions, texts, headings."""
    elements = [*app.info, *app.warning, *app.error, *app.success, *app.markdown, *app.caption]
    return [str(element.value) for element in elements]


def test_link_values_and_names_land_as_text(monkeypatch):
    app = run_app(monkeypatch, city=LINK, tab=IMAGE, group=LINK, partnership=IMAGE, **{LINK: "1"})
    bodies = markdown_bodies(app)
    said = "\n".join(bodies)
    assert "Sign in" in said and "ev\\.il" in said  # the notices name what was ignored...
    live = [body for body in bodies if LIVE.search(body)]
    assert live == []  # ...as text


def test_the_datas_own_texts_land_as_text(monkeypatch, tmp_path):
    """A catalog's discrepancy note (shown for a chosen city, and in presentation mode)."""
    for source in FIXTURE_DATA.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    catalog = tmp_path / "catalog.toml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('discrepancy.en = "The Swedish release', f'discrepancy.en = "{LINK} {IMAGE} The'))
    monkeypatch.setenv("FINMAP_DATA_DIR", str(tmp_path))
    for query in ({"city": "491"}, {"present": "1", "partnership": "growth-cities"}):
        app = run_app(monkeypatch, lang="en", **query)
        bodies = markdown_bodies(app)
        assert any("Sign in" in body for body in bodies), query  # the note is shown...
        assert [body for body in bodies if LIVE.search(body)] == [], query  # ...as text


def test_an_uploaded_files_name_lands_as_text(monkeypatch, fixture_dataset):
    monkeypatch.setenv("FINMAP_DATA_DIR", str(FIXTURE_DATA))
    raw = (FIXTURE_DATA / "partnerships.csv").read_bytes()
    result = validate_partnerships(raw, fixture_dataset.catalog, fixture_dataset.cities)
    check = UploadCheck(f"{LINK}{IMAGE}.csv", result, join_cities(result.rows, fixture_dataset.cities), "digest")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["tab"] = "upload"
    monkeypatch.setattr(state, "this_sessions_upload", lambda: {KEY_UPLOAD: check})
    app.session_state[KEY_UPLOAD_SHOWN] = check.digest
    open_page(app)
    bodies = markdown_bodies(app)
    assert sum("Sign in" in body for body in bodies) >= 2  # the banner and the check's summary
    assert [body for body in bodies if LIVE.search(body)] == []
