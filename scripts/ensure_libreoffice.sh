#!/usr/bin/env bash
# The spreadsheet tests open the CSV and workbook downloads in LibreOffice Calc, headless, as
# analysts do. Install Debian's Calc (no GUI) when missing and we may (root); otherwise say so:
# those tests then report themselves as skipped, with this reason.
set -u
if command -v soffice >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's libreoffice-calc-nogui for the spreadsheet tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui >/dev/null && exit 0
  echo "Could not install LibreOffice; the spreadsheet tests will be skipped." >&2
else
  echo "LibreOffice is not installed and this user cannot install it; spreadsheet tests will be skipped." >&2
fi
exit 0
