"""The external validators the test suite checks rendered bulletins with.

- axe-core (WCAG 2.1 A and AA) in Debian's headless Chromium, through ``tools/axe-check.mjs``;
- the Nu HTML Checker (npm ``vnu-jar``);
- veraPDF's PDF/UA-1 profile, through ``tools/verapdf/VeraDriver.java``;
- openxml-audit for DOCX packages;
- LibreOffice (``soffice --headless --convert-to pdf``) and poppler's ``pdftotext``.

``make validators`` installs them (``tools/install-system.sh validators`` then
``tools/install-validators.sh``). Every function first calls :func:`require`: a missing validator
skips the test with the reason, except under ``CI=true`` where it fails the test.
A :class:`ValidatorError` means the validator itself broke, never that the document is bad.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
NODE_MODULES = TOOLS / "node_modules"
AXE_CHECK = TOOLS / "axe-check.mjs"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
VERAPDF_CLASSPATH = ROOT / ".tools" / "verapdf" / "classpath"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
VNU_OPTIONS = ("--format", "json", "--errors-only", "--exit-zero-always")
INSTALL_HINT = "run 'make validators' (as root on Debian, or see tools/install-system.sh)"

Report = dict[str, Any]


class ValidatorError(RuntimeError):
    """A validator could not do its job (crash, bad output): not a finding about the document."""


def _no_command(*names: str) -> str | None:
    missing = [name for name in names if shutil.which(name) is None]
    return f"command not found: {', '.join(missing)}" if missing else None


def _no_file(*paths: Path) -> str | None:
    missing = [str(path) for path in paths if not path.is_file()]
    return f"file not found: {', '.join(missing)}" if missing else None


def _missing_chromium() -> str | None:
    packages = [NODE_MODULES / name / "package.json" for name in ("axe-core", "playwright-core")]
    return _no_command("node") or _no_file(CHROMIUM, *packages)


def _missing_openxml_audit() -> str | None:
    found = importlib.util.find_spec("openxml_audit") is not None
    return (
        None if found else "Python package openxml-audit not installed (pip install -e '.[test]')"
    )


_CHECKS: dict[str, Callable[[], str | None]] = {
    "axe": _missing_chromium,
    "chromium": _missing_chromium,
    "vnu": lambda: _no_command("java") or _no_file(VNU_JAR),
    "verapdf": lambda: _no_command("java") or _no_file(VERAPDF_CLASSPATH),
    "openxml-audit": _missing_openxml_audit,
    "libreoffice": lambda: _no_command("soffice"),
    "pdftotext": lambda: _no_command("pdftotext"),
}


def require(name: str) -> None:
    """Skip the calling test when validator ``name`` is missing; fail instead under CI=true."""
    reason = _CHECKS[name]()
    if reason is None:
        return
    message = f"validator {name!r} unavailable: {reason}; {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing validator is an error)", pytrace=False)
    pytest.skip(message)


def _run(
    cmd: Sequence[str | Path], timeout: float, ok: Sequence[int] = (0,)
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; raise ValidatorError on a timeout or an exit code not in ``ok``."""
    args = [str(arg) for arg in cmd]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as err:
        raise ValidatorError(f"{args[0]} timed out after {timeout:.0f} s") from err
    if done.returncode not in ok:
        tail = (done.stderr or done.stdout)[-2000:]
        raise ValidatorError(f"{' '.join(args[:3])}… exited {done.returncode}:\n{tail}")
    return done


def _json(text: str, tool: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValidatorError(f"{tool} printed no JSON: {text[:500]!r}") from err


def axe_violations(paths: Sequence[Path], width: int = 1280) -> dict[Path, list[Report]]:
    """axe-core's WCAG 2.1 A/AA violations of each HTML file (``[]`` when it is clean), in a
    viewport ``width`` CSS pixels wide; a page that scrolls sideways there gets a
    ``reflow-horizontal-scroll`` violation (WCAG 2.1 1.4.10)."""
    require("axe")
    cmd = ["node", AXE_CHECK, "--width", str(width), *paths]
    out = _run(cmd, timeout=60 + 15 * len(paths)).stdout
    report = _json(out, "axe-check")
    return {path: report[str(path)] for path in paths}


def screenshot(html: Path, png: Path, width: int = 1280) -> None:
    """Save a full-page screenshot of ``html`` as rendered by headless Chromium, ``width`` wide."""
    require("chromium")
    _run(["node", AXE_CHECK, "--width", str(width), "--screenshot", png, html], timeout=90)
    if not png.is_file():
        raise ValidatorError(f"no screenshot written to {png}")


def vnu_errors(paths: Sequence[Path]) -> dict[Path, list[Report]]:
    """The Nu HTML Checker's errors (warnings left out) in each HTML file."""
    require("vnu")
    cmd: list[str | Path] = ["java", "-jar", VNU_JAR, *VNU_OPTIONS, *paths]
    # vnu prints its JSON report on stderr.
    report = _json(_run(cmd, timeout=120).stderr, "vnu")
    by_file: dict[Path, list[Report]] = {path.resolve(): [] for path in paths}
    for message in report["messages"]:
        url = message.get("url", "")
        source = Path(unquote(urlparse(url).path)).resolve() if url else None
        if message.get("type") != "error" or source not in by_file:
            raise ValidatorError(f"vnu could not check a document: {message}")
        by_file[source].append(message)
    return {path: by_file[path.resolve()] for path in paths}


def _verapdf_classpath() -> str:
    entries = VERAPDF_CLASSPATH.read_text(encoding="utf-8").strip().split(os.pathsep)
    return os.pathsep.join(str(ROOT / entry) for entry in entries)


def verapdf_reports(paths: Sequence[Path]) -> dict[Path, Report]:
    """veraPDF's whole PDF/UA-1 report for each PDF (see tools/verapdf/VeraDriver.java)."""
    require("verapdf")
    cmd: list[str | Path] = ["java", "-cp", _verapdf_classpath(), "VeraDriver"]
    cmd += [path.resolve() for path in paths]
    done = _run(cmd, timeout=60 + 30 * len(paths), ok=(0, 1))
    reports = _json(done.stdout, "VeraDriver")
    for report in reports:
        if report["error"] is not None:
            raise ValidatorError(f"veraPDF could not validate {report['file']}: {report['error']}")
    return dict(zip(paths, reports, strict=True))


def verapdf_failures(paths: Sequence[Path]) -> dict[Path, list[Report]]:
    """The PDF/UA-1 rules each PDF fails: clause, testNumber, description, failedChecks…"""
    failures: dict[Path, list[Report]] = {}
    for path, report in verapdf_reports(paths).items():
        if not report["compliant"] and not report["failedRules"]:
            raise ValidatorError(f"veraPDF says {path} is not compliant but names no rule")
        failures[path] = report["failedRules"]
    return failures


def openxml_errors(path: Path) -> list[str]:
    """openxml-audit's errors in a DOCX package (schema, semantic, Word compatibility)."""
    require("openxml-audit")
    from openxml_audit import OpenXmlValidator, ValidationSeverity  # noqa: PLC0415

    result = OpenXmlValidator().validate(path)
    return [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]


def libreoffice_pdf(docx: Path, outdir: Path) -> Path:
    """Convert ``docx`` to PDF with LibreOffice; raise ValidatorError when no PDF comes out."""
    return libreoffice_convert(docx, outdir, "pdf", b"%PDF-")


def libreoffice_convert(docx: Path, outdir: Path, suffix: str, magic: bytes) -> Path:
    """Convert ``docx`` with LibreOffice to ``suffix`` (pdf, fodt…); the output must start
    with ``magic``, else ValidatorError."""
    require("libreoffice")
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / f"{docx.stem}.{suffix}"
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        cmd = ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        cmd += ["--norestore", "--convert-to", suffix, "--outdir", str(outdir), str(docx)]
        done = _run(cmd, timeout=180)
    # soffice exits 0 even when it could not load the document: the output is the proof.
    if not out.is_file() or not out.read_bytes().startswith(magic):
        raise ValidatorError(
            f"LibreOffice made no {suffix.upper()} of {docx}: {(done.stdout + done.stderr)[-1000:]}"
        )
    return out


def pdf_text(pdf: Path) -> str:
    """The text of a PDF as poppler's ``pdftotext -layout`` extracts it."""
    require("pdftotext")
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], timeout=60).stdout
