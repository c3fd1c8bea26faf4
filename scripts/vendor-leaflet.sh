#!/usr/bin/env bash
# Copies Leaflet (the map library of the venue, département and home pages) from npm
# into assets/vendor/leaflet/, and records its version and the sha256 of every copied
# file in assets/vendor/leaflet/VERSION.txt (tests/test_maps.py checks them).
#
#   scripts/vendor-leaflet.sh            # the pinned version below
#   scripts/vendor-leaflet.sh 1.9.5      # another version (then update LEAFLET_VERSION)
#
# The files are committed: the site never loads Leaflet from a CDN. assets/ accepts only
# files with a known suffix, hence LICENSE.txt and VERSION.txt. Files are copied
# unchanged, so their sha256 can be compared with the npm tarball's.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET_VERSION="${1:-1.9.4}"
DEST=assets/vendor/leaflet

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack downloads the published tarball (with its integrity checked by npm) without
# running any install script.
(cd "$work" && npm pack "leaflet@${LEAFLET_VERSION}" --silent --no-audit --no-fund >/dev/null)
tar -xzf "$work"/leaflet-"${LEAFLET_VERSION}".tgz -C "$work"
dist="$work/package/dist"

rm -rf "$DEST"
mkdir -p "$DEST/images"
cp "$dist/leaflet.js" "$dist/leaflet.css" "$DEST/"
# The default marker only (no layers control on our maps).
cp "$dist/images/marker-icon.png" "$dist/images/marker-icon-2x.png" \
   "$dist/images/marker-shadow.png" "$DEST/images/"
cp "$work/package/LICENSE" "$DEST/LICENSE.txt"

{
  echo "leaflet ${LEAFLET_VERSION}"
  echo "source: https://registry.npmjs.org/leaflet/-/leaflet-${LEAFLET_VERSION}.tgz"
  echo "updated by: scripts/vendor-leaflet.sh ${LEAFLET_VERSION} (make vendor-leaflet)"
  echo "sha256:"
  (cd "$DEST" && find . -type f ! -name VERSION.txt | sed 's|^\./||' | LC_ALL=C sort \
    | xargs sha256sum)
} > "$DEST/VERSION.txt"

echo "Leaflet ${LEAFLET_VERSION} copié dans ${DEST}/ (voir ${DEST}/VERSION.txt)."
