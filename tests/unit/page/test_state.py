"""The view's state without a page: which rows a session shows (and their token, which names
every cached view of them), and what a link asks for before the data is loaded."""

from __future__ import annotations

from components.data.memberships import data_dir, load_dataset
from components.data.upload import check_upload
from components.model.link import read_link
from components.page import state
from tests.helpers.paths import FIXTURE_DATA
from tests.helpers.uploads import HELSINKI_STRATEGIC, edited


def test_the_bundled_data_is_named_by_its_directory(fixture_dataset):
    assert fixture_dataset.token == f"bundled:{FIXTURE_DATA}"
    assert load_dataset().token == f"bundled:{data_dir()}"


def test_a_viewed_upload_is_named_by_its_content_and_only_once_chosen(monkeypatch):
    bundled = load_dataset()
    check = check_upload(edited({HELSINKI_STRATEGIC: {"note": "changed"}}), "list.csv", bundled)
    monkeypatch.setattr(state, "upload_check", lambda: check)
    monkeypatch.setattr(state, "check_again_after_reconnect", lambda dataset: None)
    monkeypatch.setattr(state, "upload_shown", lambda shown: False)
    assert state.session_dataset(bundled) is bundled
    monkeypatch.setattr(state, "upload_shown", lambda shown: shown is check)
    viewed = state.session_dataset(bundled)
    assert viewed.token == f"upload:{check.digest}" != bundled.token
    assert viewed.memberships is check.memberships and viewed.catalog is bundled.catalog


def test_before_the_data_the_link_reads_as_the_filters_will():
    """The page's configuration (title, layout) reads the link before the data is loaded, the
    same way the filters read it after: a value list, trimmed, the first known value wins."""
    assert read_link({"present": "1,1"}).state.present and read_link({"present": " yes"}).state.present
    assert not read_link({"present": "0"}).state.present and not read_link({"present": "maybe"}).state.present
    assert read_link({"lang": "sv,fi"}).state.lang == "sv" and read_link({"lang": "xx, sv"}).state.lang == "sv"
    assert read_link({"lang": "xx"}).state.lang == read_link({}).state.lang  # the default language
