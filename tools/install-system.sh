#!/usr/bin/env bash
# Install the Debian packages bulletin-builder needs, only those missing.
#   install-system.sh build       what WeasyPrint needs to render PDFs (Pango, fonts config)
#   install-system.sh validators  what the test suite's validators need (Chromium, poppler,
#                                 LibreOffice, a JDK and JAXB for veraPDF)
#   install-system.sh bench       what the benchmarks compare against (pandoc)
# Without root or apt-get it prints what is missing and leaves it to the user.
set -euo pipefail
build=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
validators=(chromium poppler-utils libreoffice-writer-nogui libjaxb-java libjaxb-api-java default-jdk-headless)
bench=(pandoc)
case "${1:-all}" in
  build) wanted=("${build[@]}") ;;
  validators) wanted=("${validators[@]}") ;;
  bench) wanted=("${bench[@]}") ;;
  all) wanted=("${build[@]}" "${validators[@]}") ;;
  *) echo "usage: $0 [build|validators|bench|all]" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || { echo "install-system: not a Debian system; install ${wanted[*]} yourself" >&2; exit 0; }
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-system: missing Debian packages: ${missing[*]} (run 'sudo make system-deps')" >&2
  exit 0
fi
echo "install-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
