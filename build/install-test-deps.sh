#!/usr/bin/env bash
# What the tests need beyond NuGet packages: Debian's headless Chromium, which checks the report
# page as a reader's browser opens it. Installed only when missing (needs root, as in CI).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: /usr/bin/chromium is missing and installing it needs root: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "Installing Debian's chromium for the report-page test ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
