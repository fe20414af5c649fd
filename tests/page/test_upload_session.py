"""An upload's check belongs to its session while the session is connected: let go as the
session disconnects (Streamlit keeps a closed session's state two minutes, for a reconnect), and
made again from the file still in the uploader when the browser comes back."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.session_manager import ActiveSessionInfo
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager
from streamlit.testing.v1 import AppTest

from components.data import upload
from components.page import state
from tests.helpers.apptest import open_page
from tests.helpers.paths import ROOT
from tests.helpers.uploads import THREE_BROKEN, edited

APPTEST_SESSION = "test session id"  # the one session AppTest runs


def test_a_sessions_check_is_let_go_at_its_disconnect_and_made_again_on_its_return(monkeypatch):
    checks, check_upload = [], upload.check_upload

    def counted(raw, name, dataset):
        checks.append(name)
        return check_upload(raw, name, dataset)

    monkeypatch.setattr(state, "check_upload", counted, raising=False)  # made again on a return
    monkeypatch.setattr(upload, "check_upload", counted)  # a check made as the file arrives
    monkeypatch.setenv("FINMAP_BOUNDARIES", "off")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "en"
    app.query_params["tab"] = "upload"
    open_page(app)
    app.file_uploader(key="upload_0").set_value(("three.csv", edited(THREE_BROKEN), "text/csv")).run()
    assert checks == ["three.csv"]
    assert any("3 rejected, 3 problems" in str(error.value) for error in app.error), [e.value for e in app.error]
    app.run()  # a rerun keeps the check
    assert checks == ["three.csv"]

    # What Streamlit does as a session's websocket closes (checked below): its resources go.
    AppSession.clear_session_caches(SimpleNamespace(id=APPTEST_SESSION))
    app.run()  # the browser is back: the file is still in the uploader, the check was not
    assert checks == ["three.csv", "three.csv"]
    assert any("3 rejected, 3 problems" in str(error.value) for error in app.error)


def test_streamlit_lets_a_sessions_resources_go_as_its_websocket_closes():
    """The check above relies on this: disconnect_session clears the session's caches, also
    when the session itself is kept for a reconnect. A Streamlit that stops doing so fails here."""
    session = mock.Mock(spec=AppSession, id="s1")
    session.is_resumable.return_value = True
    storage = mock.Mock()
    manager = WebsocketSessionManager(storage, mock.Mock(), mock.Mock(), None)
    manager._active_session_info_by_id["s1"] = ActiveSessionInfo(client=mock.Mock(), session=session)
    manager.disconnect_session("s1")
    session.clear_session_caches.assert_called_once_with()
    storage.save.assert_called_once()  # kept for a reconnect, its resources let go all the same
    session.shutdown.assert_not_called()
