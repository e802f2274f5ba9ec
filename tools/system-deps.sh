#!/usr/bin/env bash
# Debian packages the project needs beyond Python wheels, installed when missing.
# libharfbuzz-subset0: WeasyPrint subsets embedded fonts with HarfBuzz (about 10x faster than fontTools).
# chromium: the service's browser test drives it through Playwright (executable_path=/usr/bin/chromium).
# libreoffice-writer-nogui: the test that opens the DOCX like Word would (tests/render/test_docx_libreoffice.py).
# Fonts: every `package:` named under `fonts: sources:` in styles/brands/*/brand.yaml (the brands' fonts:
# fonts-crosextra-carlito = Carlito, Calibri's metrics; fonts-liberation2 = Liberation, Arial's/Times' metrics)
# plus fonts-crosextra-caladea (Cambria's metrics), which LibreOffice substitutes for Cambria, and
# fonts-dejavu-core: the last-resort font Typst gets for a glyph no brand font has (reporter.fonts.LAST_RESORT_FAMILY).
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(libharfbuzz-subset0 chromium libreoffice-writer-nogui fonts-crosextra-caladea fonts-dejavu-core)
for p in $(sed -n 's/^[[:space:]-]*package:[[:space:]]*\([a-z0-9.+-]*\).*/\1/p' styles/brands/*/brand.yaml | sort -u); do
  PACKAGES+=("$p")
done
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
