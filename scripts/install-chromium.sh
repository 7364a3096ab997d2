#!/bin/sh
# Browser tests need Debian's Chromium (Playwright cannot download its own browser here).
set -e
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần cài Chromium để chạy kiểm thử trình duyệt: sudo apt-get install chromium" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
