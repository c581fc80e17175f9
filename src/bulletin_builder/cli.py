"""The ``bulletin`` command: thin click commands over the library.

Only click is imported at start-up; each command imports the stages it needs, so
``bulletin --help`` and ``bulletin validate`` never load WeasyPrint or python-docx. Errors
map to exit codes here and nowhere else: 0 clean, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bulletin_builder import __version__

if TYPE_CHECKING:
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_FOLDER = "bulletins"

paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True))
strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (such as a pending translation) as errors.",
)


def handle_errors(func: F) -> F:
    """Map the library's exceptions to messages and exit codes, in one place."""
    import functools  # noqa: PLC0415

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from bulletin_builder.errors import BulletinError, ContentError, UsageError  # noqa: PLC0415

        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            click.echo(f"bulletin: {exc}", err=True)
            sys.exit(2)
        except ContentError as exc:
            from bulletin_builder.report import format_text, summary  # noqa: PLC0415

            for d in exc.diagnostics:
                path = d.location.path
                if path not in exc.sources:
                    exc.sources[path] = _lines(path)
                lines = exc.sources[path]
                click.echo(format_text(d, lines, strict=exc.strict), err=True)
            files = len({d.location.path for d in exc.diagnostics})
            click.echo(summary(exc.diagnostics, files, strict=exc.strict), err=True)
            sys.exit(1)
        except BulletinError as exc:
            click.echo(f"bulletin: error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:  # a read-only or full output folder, a vanished file
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"bulletin: error: {exc.strerror or exc}{where}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _lines(path: Path) -> list[str]:
    """The source lines to show under a diagnostic (none for a link, a device, a huge file)."""
    from bulletin_builder.validate.runner import shown_lines  # noqa: PLC0415

    return shown_lines(path)


def help_width() -> int:
    """The width click wraps help to, as click computes it, without importing shutil.

    ``shutil`` (with bz2 and lzma) is about 5 ms of ``bulletin --help``; ``os`` is loaded.
    """
    import os  # noqa: PLC0415

    given = os.environ.get("COLUMNS", "")
    if given.isdigit():
        columns = int(given)
    else:
        try:
            columns = os.get_terminal_size().columns
        except OSError:  # not a terminal
            columns = 80
    return max(min(columns, 80) - 2, 50)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": help_width()}
)
@click.version_option(__version__, prog_name="bulletin")
def main() -> None:
    """Validate, build and review the CBSA helpdesk bulletins (English and French)."""


@main.command()
@paths_argument
@strict_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
@handle_errors
def validate(paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check bulletins and contact blocks (default: bulletins/); report every problem at once.

    Exit status: 0 clean, 1 problems found, 2 usage error.
    """
    from bulletin_builder import report  # noqa: PLC0415
    from bulletin_builder.validate.runner import validate as run  # noqa: PLC0415

    result = run(_paths(paths), keep_projects=False)
    found = result.diagnostics.sorted()
    if fmt == "json":
        click.echo(report.as_json(found, result.files, strict=strict))
    elif fmt == "github":
        for d in found:
            click.echo(report.format_github(d, strict))
    else:
        color = sys.stdout.isatty()
        for d in found:
            click.echo(
                report.format_text(
                    d, result.sources.get(d.location.path, []), color=color, strict=strict
                )
            )
        click.echo(report.summary(found, result.files, strict=strict))
    sys.exit(1 if result.failed(strict=strict) else 0)


@main.command()
@click.option(
    "--contact", is_flag=True, help="The schema of a contact block instead of a bulletin."
)
def schema(contact: bool) -> None:
    """Print the JSON Schema of the front matter (for editor autocompletion)."""
    from bulletin_builder.model.schema import front_matter_schema  # noqa: PLC0415

    click.echo(front_matter_schema(contact=contact))


@main.command()
@paths_argument
@strict_option
@click.option(
    "--format",
    "formats",
    default="html,pdf,docx",
    show_default=True,
    help="Comma-separated output formats: html, pdf, docx.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="build",
    show_default=True,
    help="Output folder.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel render processes (default: the number of cores).",
)
@click.option("--force", is_flag=True, help="Render even if nothing changed since the last build.")
@click.option(
    "--templates",
    type=click.Path(file_okay=False),
    default=None,
    help="A templates folder of your own (default: the house style shipped with the tool; "
    "also $BULLETIN_TEMPLATES).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=60,
    show_default=True,
    help="Seconds one output of one bulletin may take to render.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    help="Megabytes one render may use.",
)
@handle_errors
def build(
    paths: tuple[str, ...],
    strict: bool,
    formats: str,
    out: str,
    jobs: int | None,
    force: bool,
    templates: str | None,
    time_limit: float,
    memory_limit: int,
) -> None:
    """Validate everything, then render HTML, PDF and DOCX into build/ (nothing if invalid).

    Each output renders within --time-limit and --memory-limit; one that goes over fails the
    build, and nothing is written.

    Also writes the e-mail edition of each bulletin, Atom feeds, catalog.json and sitemap.xml.

    A file given stands for its whole folder: every bulletin of it is checked and built. A
    folder the last build found clean, unchanged since, is not checked again (--strict always
    checks).
    """
    from pathlib import Path  # noqa: PLC0415

    from bulletin_builder.build.budget import Budget  # noqa: PLC0415
    from bulletin_builder.build.orchestrator import build as run  # noqa: PLC0415
    from bulletin_builder.errors import UsageError  # noqa: PLC0415
    from bulletin_builder.render import RENDERERS  # noqa: PLC0415
    from bulletin_builder.render.templates import use_templates  # noqa: PLC0415

    if templates is not None:
        use_templates(Path(templates))

    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in RENDERERS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format(s): {', '.join(unknown) or '(none)'}; choose from html, pdf, docx"
        )
    from bulletin_builder.build.progress import progress_bar  # noqa: PLC0415
    from bulletin_builder.publish import publish_step  # noqa: PLC0415

    folders = _paths(paths)
    with progress_bar(enabled=sys.stderr.isatty()) as advance:
        summary = run(
            folders,
            Path(out),
            wanted,
            strict=strict,
            jobs=jobs,
            force=force,
            progress=advance,
            budget=Budget(time_limit, memory_limit),
            post=publish_step(folders),
        )
    click.echo(summary)


def _paths(given: tuple[str, ...]) -> list[Path]:
    """The paths given, or the default bulletins/ folder (a usage error if there is none)."""
    from pathlib import Path  # noqa: PLC0415 - not needed for --help

    from bulletin_builder.errors import UsageError  # noqa: PLC0415

    if given:
        return [Path(p) for p in given]
    if not Path(DEFAULT_FOLDER).is_dir():
        raise UsageError(f"no {DEFAULT_FOLDER}/ folder here; pass the files or folders to check")
    return [Path(DEFAULT_FOLDER)]


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a pull-request comment, json for tools.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when the bulletins differ (like git diff --exit-code).",
)
@click.option(
    "--path",
    "folder",
    default=DEFAULT_FOLDER,
    show_default=True,
    help="The bulletins folder, relative to the current folder.",
)
@handle_errors
def diff(base: str | None, head: str | None, fmt: str, exit_code: bool, folder: str) -> None:
    """Show what changed in the bulletins between two git revisions, problem by problem.

    BASE defaults to the merge base with main; HEAD defaults to the working tree.
    Exit status: 0 (with --exit-code: 0 no change, 1 changes), 2 usage error.
    """
    from pathlib import Path  # noqa: PLC0415

    from bulletin_builder.review import diff_json, diff_report  # noqa: PLC0415
    from bulletin_builder.review.diff import diff as run  # noqa: PLC0415
    from bulletin_builder.source.gitsource import (  # noqa: PLC0415
        WORKING_TREE,
        Revision,
        default_base,
        resolve,
    )

    old = resolve(base) if base else default_base()
    new = resolve(head) if head else Revision(WORKING_TREE)
    result = run(old, new, Path(folder))
    if fmt == "json":
        click.echo(diff_json.as_json(result))
    elif fmt == "markdown":
        click.echo(diff_report.as_markdown(result), nl=False)
    else:
        click.echo(diff_report.as_text(result, color=sys.stdout.isatty()))
    sys.exit(1 if exit_code and result.changed else 0)


@main.command()
@click.option("--series", help="Series key from bulletins.toml (e.g. CARM); implied by --from.")
@click.option(
    "--date", "day", required=True, help="Publication date of the new bulletin, YYYY-MM-DD."
)
@click.option(
    "--from",
    "source",
    metavar="SLUG",
    help="Start from this edition (e.g. carm-2021-07-15): its open problems and contact.",
)
@click.option(
    "--kind",
    help="Kind from bulletins.toml (known-problems, service-notice, notice, ...): its skeleton.",
)
@click.option(
    "--path", "folder", default=DEFAULT_FOLDER, show_default=True, help="The bulletins folder."
)
@handle_errors
def new(series: str | None, day: str, source: str | None, kind: str | None, folder: str) -> None:
    """Write the English and French files of a new bulletin, with the next free message number.

    Placeholders (TODO) fail validation until they are filled. Never overwrites a file.
    """
    from pathlib import Path  # noqa: PLC0415

    from bulletin_builder.review.new import new_bulletin  # noqa: PLC0415

    for path in new_bulletin(Path(folder), day, series=series, source=source, kind=kind):
        click.echo(f"wrote {path}")
    if source:
        click.echo("Review the problems carried over, then run: make validate")
    else:
        click.echo("Fill in every TODO, then run: make validate")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default=None,
    help="The language of the files (default: read from their labels).",
)
@click.option(
    "--kind",
    default=None,
    help="The kind of bulletin the files are, as bulletins.toml declares it "
    "(default: the kind whose blocks the file has).",
)
@click.option(
    "--out",
    "folder",
    default=DEFAULT_FOLDER,
    show_default=True,
    type=click.Path(file_okay=False),
    help="The bulletins folder to write into.",
)
@handle_errors
def import_(files: tuple[str, ...], lang: str | None, kind: str | None, folder: str) -> None:
    """Turn Word (.docx), HTML and text bulletins into source files; never overwrites.

    Prints what became which field and every piece of text it could not place (left in
    the body under a TODO marker, which validation reports). Exit status: 0 written and
    valid, 1 written with problems to fix or a file could not be read, 2 usage error.
    """
    from pathlib import Path  # noqa: PLC0415

    from bulletin_builder.importing.run import import_files  # noqa: PLC0415
    from bulletin_builder.importing.summary import as_text  # noqa: PLC0415

    run = import_files([Path(f) for f in files], Path(folder), language=lang, kind=kind)
    click.echo(as_text(run))
    sys.exit(1 if any(d.severity == "error" for d in run.diagnostics) else 0)


@main.command()
@paths_argument
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; another than this machine's prints a warning.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@click.option(
    "--editor-url",
    default="vscode://file{path}:{line}:{column}",
    show_default=True,
    help="Link of each problem to the writer's editor ('' for none).",
)
@handle_errors
def serve(
    paths: tuple[str, ...], port: int, host: str, open_browser: bool, editor_url: str
) -> None:
    """Preview the bulletins in a browser, English and French side by side, live as you save."""
    from bulletin_builder.preview.server import serve as run  # noqa: PLC0415

    run(
        _paths(paths),
        host=host,
        port=port,
        open_browser=open_browser,
        editor=editor_url,
        echo=click.echo,
    )
