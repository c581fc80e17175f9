#!/usr/bin/env bash
# Publish the built bulletins whose outputs changed since their last release.
#   publish-changed.sh [--dry-run] [OUT]        (OUT: the build folder, default build)
# For each OUT/<bulletin>/ folder: write its SHA256SUMS, download the SHA256SUMS of the release
# "bulletin-<bulletin>" with gh, and when they differ (or there is no release yet) create the
# release or replace its files. Builds are deterministic, so unchanged sources give the same sums
# and the bulletin is left alone. OUT/SHA256SUMS lists every published file.
# Needs gh with GH_TOKEN (and GITHUB_REPOSITORY outside a checkout); --dry-run only reports.
set -euo pipefail
dry=0
if [ "${1:-}" = "--dry-run" ]; then dry=1; shift; fi
out="${1:-build}"
[ -d "$out" ] || { echo "publish-changed: no folder $out (run make bulletin)" >&2; exit 2; }

sums() {  # SHA256SUMS of the files directly in folder $1, sorted by name
  (cd "$1" && find . -maxdepth 1 -type f ! -name SHA256SUMS ! -name '.*' -printf '%f\n' \
    | LC_ALL=C sort | xargs -r sha256sum)
}

publish() {  # $1 tag, $2 folder
  local tag="$1" dir="$2"
  mapfile -t files < <(find "$dir" -maxdepth 1 -type f ! -name '.*' | LC_ALL=C sort)
  if gh release view "$tag" >/dev/null 2>&1; then
    gh release upload "$tag" "${files[@]}" --clobber
  else
    gh release create "$tag" "${files[@]}" --title "$(basename "$dir")" \
      --notes "Bulletin $(basename "$dir") in English and French: PDF, HTML and Word, with SHA256SUMS."
  fi
}

changed=0
for dir in "$out"/*/; do
  dir="${dir%/}"
  slug="$(basename "$dir")"
  sums "$dir" > "$dir/SHA256SUMS"
  previous="$(mktemp)"
  if gh release download "bulletin-$slug" --pattern SHA256SUMS --output "$previous" --clobber \
      >/dev/null 2>&1 && cmp -s "$previous" "$dir/SHA256SUMS"; then
    echo "unchanged: $slug"
  else
    echo "changed: $slug"
    changed=$((changed + 1))
    [ "$dry" -eq 1 ] || publish "bulletin-$slug" "$dir"
  fi
  rm -f "$previous"
done
(cd "$out" && find . -mindepth 2 -type f ! -name SHA256SUMS ! -name '.*' | LC_ALL=C sort \
  | sed 's|^\./||' | xargs -r sha256sum) > "$out/SHA256SUMS"
echo "publish-changed: $changed bulletin(s) to publish$([ "$dry" -eq 1 ] && echo ' (dry run)')"
