#!/bin/sh
# What the tests drive besides Python: Debian's Chromium (Playwright cannot download its own browser here) and
# LibreOffice Writer, which must open every DOCX the platform produces.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần cài thêm để chạy kiểm thử:$missing (sudo apt-get install -y --no-install-recommends$missing)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
