#!/bin/sh
# What the tests drive besides Python: Debian's Chromium (Playwright cannot download its own browser here) and
# LibreOffice Writer, which must open every DOCX the platform produces; poppler's pdftoppm renders page 1 of each as an
# image for a reviewer to look at.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần cài thêm để chạy kiểm thử:$missing (sudo apt-get install -y --no-install-recommends$missing)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends $missing >/dev/null
