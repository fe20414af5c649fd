"""Debian's WebKitGTK driven through its WebDriver (webkit2gtk-driver) with Selenium, on a virtual
X display of its own (Xvfb), with every host but 127.0.0.1 unreachable."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from harness.browser import stop_process

WEBKIT_DRIVER = Path("/usr/bin/WebKitWebDriver")
XVFB = Path("/usr/bin/Xvfb")
# The browser WebKitWebDriver starts: the small one that ships with Debian's libwebkit2gtk.
MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
COMMAND_TIMEOUT = 120  # seconds for one WebDriver command, the session's start included
# Nothing leaves this machine: every request but 127.0.0.1's goes to a proxy that does not exist.
NO_OUTSIDE_PROXY = {
    "proxyType": "manual",
    "httpProxy": "127.0.0.1:9",
    "sslProxy": "127.0.0.1:9",
    "noProxy": ["127.0.0.1"],
}


def missing() -> list[str]:
    """What WebKit under Xvfb needs and this machine lacks (scripts/ensure_webkit.sh installs it)."""
    return [str(path) for path in (WEBKIT_DRIVER, MINIBROWSER, XVFB) if not path.exists()]


@contextmanager
def virtual_display(size: str = "1920x1080x24"):
    """An Xvfb display on a free number (Xvfb picks it and writes it to a pipe); yields ":N"."""
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [str(XVFB), "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as answer:
            number = answer.readline().strip()  # empty if Xvfb could not start
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit code {process.poll()})")
        yield f":{number}"
    finally:
        stop_process(process)


@contextmanager
def webkit(display: str, log: Path):
    """A WebKitGTK session (Selenium's WebDriver) on `display`, the driver's log written to `log`."""
    from selenium import webdriver
    from selenium.webdriver.remote.client_config import ClientConfig
    from selenium.webdriver.remote.remote_connection import RemoteConnection
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    options.binary_location = str(MINIBROWSER)
    options.add_argument("--automation")
    options.set_capability("proxy", NO_OUTSIDE_PROXY)
    service = Service(executable_path=str(WEBKIT_DRIVER), log_output=str(log), env={**os.environ, "DISPLAY": display})
    service.start()
    try:
        # Every command has a deadline: a browser that never comes up fails the start instead of
        # hanging the run (the driver waits for it without end).
        config = ClientConfig(remote_server_addr=service.service_url, timeout=COMMAND_TIMEOUT)
        driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
    except Exception:
        service.stop()
        raise
    try:
        yield driver
    finally:
        driver.quit()
        service.stop()
