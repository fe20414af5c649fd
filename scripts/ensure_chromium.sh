#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we may (root);
# otherwise say so: the browser tests then report themselves as skipped, with this reason.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
  echo "Could not install chromium; browser tests will be skipped." >&2
else
  echo "Chromium is not installed and this user cannot install it; browser tests will be skipped." >&2
fi
exit 0
