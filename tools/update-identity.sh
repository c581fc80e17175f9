#!/usr/bin/env bash
# Copy the Government of Canada signature and the Canada wordmark into templates/identity/ from
# the GC Design System's npm package, and render the PNG copies the Word document embeds.
#   tools/update-identity.sh [VERSION]      (default: the version named in templates/identity/README.md)
# The artwork is committed: a build never downloads anything. Run this only to take a newer
# version of the package; review the diff (and look at the PNGs) before committing.
#   - sig-blk-en.svg / sig-blk-fr.svg: the signature, English first / French first
#   - wmms-spl-en.svg / wmms-spl-fr.svg: the wordmark (the same artwork, titled in each language)
# The package colours its artwork with CSS classes (fip_flag, fip_text) that only its web
# component styles; the copies carry the colours as attributes (flag #eb2d37, text #000000, the
# colour version of the Federal Identity Program), so they render the same in an <img>, in
# WeasyPrint and as PNG. Needs npm and /usr/bin/chromium (for the PNGs).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=@gcds-core/components
VERSION=${1:-$(sed -n 's/^- version: //p' templates/identity/README.md)}
ASSETS=package/dist/collection/components/gcds-signature/assets
DEST=templates/identity
FILES=(sig-blk-en sig-blk-fr wmms-spl-en wmms-spl-fr)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null && tar xzf ./*.tgz)
grep -q '"license": "MIT"' "$work/package/package.json" || { echo "licence changed: check it" >&2; exit 1; }

for name in "${FILES[@]}"; do
  sed -e 's/class="fip_flag"/class="fip_flag" fill="#eb2d37"/' \
      -e 's/class="fip_text"/class="fip_text" fill="#000000"/' \
      "$work/$ASSETS/$name.svg" >"$DEST/$name.svg"
done

# PNG copies for Word (python-docx embeds no SVG), at 4x the size they are shown at.
png() {  # name width height
  local page="$work/$1.html"
  printf '<!DOCTYPE html><html><body style="margin:0"><img src="%s" style="display:block;width:%spx;height:%spx"></body></html>' \
    "$(realpath "$DEST/$1.svg")" "$2" "$3" >"$page"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --default-background-color=00000000 \
    --window-size="$2,$3" --screenshot="$DEST/$1.png" "file://$page" 2>/dev/null
}
png sig-blk-en 1638 156
png sig-blk-fr 1638 156
png wmms-spl-en 858 204

sed -i "s/^- version: .*/- version: $VERSION/" "$DEST/README.md"
echo "templates/identity/: $PACKAGE $VERSION"
