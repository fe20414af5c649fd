#!/usr/bin/env bash
# The deployment test and `make serve` put Debian's nginx in front of the app. Install it when
# missing and we may (root); otherwise say so: the deployment test then reports itself skipped.
set -u
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx-light for the deployment test..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
    && { pkill -x nginx || true; exit 0; }  # the package starts a system nginx on port 80: not ours
  echo "Could not install nginx; the deployment test will be skipped." >&2
else
  echo "nginx is not installed and this user cannot install it; the deployment test will be skipped." >&2
fi
exit 0
