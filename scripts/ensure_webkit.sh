#!/usr/bin/env bash
# The WebKit test (tests/browser/test_webkit.py) drives Debian's WebKitGTK through its WebDriver
# on a virtual X display. Install webkit2gtk-driver and xvfb when missing and we may (root);
# otherwise say so: the test then reports itself skipped, with this reason (and fails in CI).
set -u
if [ -x /usr/bin/WebKitWebDriver ] && [ -x /usr/bin/Xvfb ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's webkit2gtk-driver and xvfb for the WebKit test..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq webkit2gtk-driver xvfb >/dev/null \
    && exit 0
  echo "Could not install webkit2gtk-driver and xvfb; the WebKit test will be skipped (and fail in CI)." >&2
else
  echo "WebKitWebDriver or Xvfb is missing and this user cannot install them; the WebKit test will be skipped." >&2
fi
exit 0
