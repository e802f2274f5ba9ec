#!/usr/bin/env bash
# Debian packages the project needs beyond Python wheels, installed when missing.
# libharfbuzz-subset0: WeasyPrint subsets embedded fonts with HarfBuzz (about 10x faster than fontTools).
# chromium: the service's browser test drives it through Playwright (executable_path=/usr/bin/chromium).
set -euo pipefail
PACKAGES=(libharfbuzz-subset0 chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "warning: please install ${missing[*]} (apt); continuing without" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
