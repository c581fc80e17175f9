"""`bulletin serve`: from a saved file to the reloaded page, against a plain HTML build.

A preview of a copy of the seed runs as its own process (``bulletin serve --port 0``), as a
writer runs it. Targets (issue 12), each measured against a baseline of the same run:

(a) save → reloaded HTML: the French file is rewritten (a word of a description changes),
    then the clock runs until the page's event stream announces the new version and the
    two requests a reloading page makes (the side-by-side page, then the French page in its
    frame) return the new text -- under 300 ms (median of 15 saves), also given as a ratio
    to ``bulletin build --format html --force`` of the same bulletin (median of 3).
(b) the PDF view of a changed page: a save, then the time to the PDF of the French page
    (rendered on demand) -- within the time of one PDF render: ≤ 1.25x the same edition
    read and rendered by ``PdfRenderer`` in this process (warm, as the server's is); five
    pairs, each view followed by its baseline, medians compared.
(c) if Chromium and tools/node_modules are there: save → the French column shows the new
    text in the browser (tools/browser-driver.mjs polls every 25 ms) -- under 1 s (median of 5).
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from generate import ROOT, SEED

BIN = Path(sys.executable).parent
SLUG = "carm-2021-07-15"
EDITED = "Demandes de relation"
"""Words of a French description of the seed; each save writes a new number after them."""
DRIVER = ROOT / "tools" / "browser-driver.mjs"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TIMEOUT = 30.0


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


class Preview:
    """A ``bulletin serve`` process, its address and its event stream."""

    def __init__(self, folder: Path) -> None:
        command = [str(BIN / "bulletin"), "serve", str(folder), "--port", "0"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.url = line.split(" at ")[1].split()[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        self.versions: queue.Queue[int] = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        self.versions.get(timeout=TIMEOUT)  # the stream is open

    def _listen(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/events")
        stream = conn.getresponse()
        while line := stream.readline():
            if line.startswith(b"data: "):
                self.versions.put(json.loads(line[6:])["version"])

    def get(self, path: str) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status != 200:
            sys.exit(f"GET {path}: {response.status}")
        return body

    def stop(self) -> None:
        self.process.send_signal(2)  # Ctrl-C
        self.process.wait(timeout=TIMEOUT)


def save(french: Path, count: int) -> str:
    """Rewrite the French file with edit number ``count`` (new content each time); its text."""
    text = french.read_text(encoding="utf-8")
    start = text.index(EDITED) + len(EDITED)
    end = text.index("\n", start)
    new = f"{EDITED} {count}"
    french.write_text(text[: start - len(EDITED)] + new + text[end:], encoding="utf-8")
    return new


def reload_once(preview: Preview, french: Path, count: int) -> float:
    """One save, then the reload a page makes: the event, the page, the French frame."""
    start = time.perf_counter()
    text = save(french, count)
    preview.versions.get(timeout=TIMEOUT)
    shell = preview.get(f"/b/{SLUG}").decode()
    src = shell.split('id="frame-fr"')[1].split('src="')[1].split('"')[0]
    if text.encode() not in preview.get(src.replace("&amp;", "&")):
        sys.exit(f"the reloaded French page does not show {text!r}")
    return time.perf_counter() - start


def html_build(folder: Path, out: Path) -> float:
    """``bulletin build --format html --force`` of the same bulletin, median of 3."""
    cmd = [str(BIN / "bulletin"), "build", str(folder), "--format", "html", "--out", str(out)]
    times = []
    for _ in range(4):
        start = time.perf_counter()
        subprocess.run([*cmd, "--force"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def pdf_render(folder: Path) -> Callable[[], object]:
    """A render of the French PDF as it is now by the build's own renderer (warmed up)."""
    from bulletin_builder.render import get_renderer  # noqa: PLC0415
    from bulletin_builder.validate.runner import load_editions  # noqa: PLC0415

    def render() -> bytes:
        (edition,) = (e for e in load_editions([folder]) if e.language == "fr")
        return get_renderer("pdf").render(edition)

    render()
    return render


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pdf_view(preview: Preview, french: Path, count: int) -> float:
    """A save, then the PDF of the French page as its view asks for it."""
    save(french, count)
    preview.versions.get(timeout=TIMEOUT)
    path = f"/page/{SLUG}/{SLUG}.fr.pdf"
    return timed(lambda: preview.get(path))


def browser_reload(preview: Preview, french: Path, count: int) -> float | None:
    """Save → the French column of Chromium shows the new text (None without Chromium)."""
    modules = ROOT / "tools" / "node_modules" / "playwright-core"
    if shutil.which("node") is None or not Path(CHROMIUM).is_file() or not modules.is_dir():
        return None
    driver = subprocess.Popen(
        ["node", str(DRIVER), preview.url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
    )  # fmt: skip

    def call(**command: object) -> None:
        assert driver.stdin is not None
        assert driver.stdout is not None
        driver.stdin.write(json.dumps(command) + "\n")
        driver.stdin.flush()
        answer = json.loads(driver.stdout.readline())
        if not answer["ok"]:
            sys.exit(f"browser: {answer['error']}")

    row = "#duplicate-relationship-requests .description"
    times = []
    try:
        call(op="goto", url=f"{preview.url}b/{SLUG}")
        call(op="wait", selector=row, frame="#frame-fr", contains=EDITED, timeout=9000)
        for n in range(count, count + 6):
            start = time.perf_counter()
            text = save(french, n)
            call(op="wait", selector=row, frame="#frame-fr", contains=text, timeout=9000)
            times.append(time.perf_counter() - start)
            preview.versions.get(timeout=TIMEOUT)
    finally:
        assert driver.stdin is not None
        driver.stdin.close()  # the driver closes Chromium at the end of its input
        try:
            driver.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            driver.kill()
            driver.wait()
    return statistics.median(times[1:])


def main() -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bulletins"
        shutil.copytree(SEED, folder)
        french = folder / f"{SLUG}.fr.md"
        loads = [load()]
        build = html_build(folder, Path(tmp) / "out")
        preview = Preview(folder)
        try:
            reload_once(preview, french, 0)  # warm-up
            loads.append(load())
            reloads = [reload_once(preview, french, n) for n in range(1, 16)]
            reload = statistics.median(reloads)
            print(
                f"(a) save -> reloaded HTML {reload * 1000:.0f} ms (median of 15; "
                f"min {min(reloads) * 1000:.0f}, max {max(reloads) * 1000:.0f}) "
                f"(target < 300 ms) {verdict(reload < 0.3)}; vs bulletin build --format html "
                f"{build * 1000:.0f} ms: {reload / build:.2f}x [{', '.join(loads)}]"
            )
            results.update(reload_s=reload, html_build_s=build, reload_ratio=reload / build)
            pdf_view(preview, french, 16)  # the server's first PDF parses the print stylesheets
            render_pdf, pairs = pdf_render(folder), []
            for n in range(17, 22):  # interleaved, so that both see the same machine
                pairs.append((pdf_view(preview, french, n), timed(render_pdf)))
            views = statistics.median(view for view, _ in pairs)
            render = statistics.median(one for _, one in pairs)
            ratio = views / render
            print(
                f"(b) PDF view after a save {views:.2f} s vs one PDF render {render:.2f} s: "
                f"{ratio:.2f}x (target <= 1.25x) {verdict(ratio <= 1.25)} [{load()}]"
            )
            results.update(pdf_view_s=views, pdf_render_s=render, pdf_ratio=ratio)
            browser = browser_reload(preview, french, 22)
            if browser is None:
                print("(c) save -> French column in Chromium: skipped (no Chromium/node)")
            else:
                print(
                    f"(c) save -> French column changed in Chromium {browser * 1000:.0f} ms "
                    f"(median of 5) (target < 1 s) {verdict(browser < 1)} [{load()}]"
                )
                results["browser_reload_s"] = browser
        finally:
            preview.stop()
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
