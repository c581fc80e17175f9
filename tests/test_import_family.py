"""bulletin import of the family's shapes, piece by piece (the round trip covers the examples).

Window times as readers see them, read back to the source form in both languages; the kind
chosen from the blocks found; ``--kind``; a table's "Clients affected" line; a plain-text
service notice laid out as the agency's e-mails are (label and value rows under the system).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bulletin_builder.errors import Severity
from bulletin_builder.importing.family_finish import kind_of
from bulletin_builder.importing.moments import moment
from bulletin_builder.importing.run import import_files
from bulletin_builder.render import get_renderer
from bulletin_builder.render.moments import format_moment
from bulletin_builder.source.family import DEFAULT_KINDS
from bulletin_builder.validate.runner import load_editions
from conftest import SEED_BULLETINS, SEED_TEXT
from import_support import EXAMPLES, bulletins, fresh_folder

MOMENTS = [
    "2025-11-08 06:00 ET",
    "2025-11-08 12:00 PT",
    "2025-11-09 00:00 NT",
    "2025-03-01 18:30 UTC",
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("value", MOMENTS)
def test_a_window_time_as_rendered_reads_back_to_the_source_form(value: str, language: str) -> None:
    assert moment(format_moment(value, language)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday, November 8, 2025, 6:00 a.m. ET", "2025-11-08 06:00 ET"),
        ("November 8, 2025, 12:00 a.m. MT", "2025-11-08 00:00 MT"),
        ("samedi 1er novembre 2025, 9 h HP", "2025-11-01 09:00 PT"),
        ("8 novembre 2025, 18\u00a0h\u00a030\u00a0HE", "2025-11-08 18:30 ET"),
        ("2025-11-08 06:00 ET", "2025-11-08 06:00 ET"),
        ("next Saturday at dawn", None),
        ("November 8, 2025, 6:00 a.m. XT", None),
        ("November 31, 2025, 6:00 a.m. ET", None),
    ],
)
def test_window_times_in_either_language(text: str, expected: str | None) -> None:
    assert moment(text) == expected


@pytest.mark.parametrize(
    ("types", "kind"),
    [
        (["text", "windows", "text", "contact"], "service-notice"),
        (["text", "problem", "contact"], "problem-message"),
        (["numbered"], "notice"),
        (["text", "contact"], "contact-page"),
        (["problems", "contact"], "known-problems"),
        (["problems", "windows", "contact"], "known-problems"),
        (["windows", "problems"], "service-notice"),
        (["text"], None),
    ],
)
def test_the_kind_is_the_one_of_the_first_telling_block(types: list[str], kind: str) -> None:
    assert kind_of(types, DEFAULT_KINDS) == kind


def _html(folder: Path, stem: str, tmp_path: Path, language: str = "en") -> Path:
    (edition,) = [e for e in load_editions([folder]) if e.slug == stem and e.language == language]
    page = tmp_path / f"{stem}.{language}.html"
    page.write_bytes(get_renderer("html").render(edition))
    return page


def test_kind_names_the_kind_to_write(tmp_path: Path) -> None:
    folder = EXAMPLES / "scheduled-maintenance"
    page = _html(folder, "tcc25-0112", tmp_path)
    target = fresh_folder(folder, tmp_path / "b")
    run = import_files([page], target, kind="contact-page")
    assert run.imported[0].bulletin.kind == "contact-page"
    assert ("kind", "contact-page", "--kind") in run.imported[0].placed
    seed = import_files([SEED_TEXT], fresh_folder(SEED_BULLETINS, tmp_path / "c"), kind="notice")
    assert seed.imported[0].bulletin.kind == "notice"  # written even in the seed's form


def test_a_tables_clients_affected_line_is_its_audience(tmp_path: Path) -> None:
    (edition,) = [e for e in load_editions([SEED_BULLETINS]) if e.language == "en"]
    first, *rest = edition.bulletin.sections
    bulletin = dataclasses.replace(
        edition.bulletin, sections=[dataclasses.replace(first, audience="Customs brokers"), *rest]
    )
    page = tmp_path / "page.html"
    page.write_bytes(get_renderer("html").render(dataclasses.replace(edition, bulletin=bulletin)))
    target = fresh_folder(SEED_BULLETINS, tmp_path / "b")
    import_files([page], target)
    imported = bulletins(target)["en"]
    assert [(s.heading, s.audience) for s in imported.sections] == [
        (s.heading, s.audience) for s in bulletin.sections
    ]


TEXT_NOTICE = (
    "TCC System Notice\n"
    "Scheduled maintenance – eManifest Portal\n"
    "MESSAGE NUMBER\tTARGET AUDIENCE\tDATE\n"
    "TCC25-0112\tTrade chain partners\tNovember 3, 2025\n"
    "The CBSA will perform scheduled maintenance on the systems below.\n"
    "SCHEDULED MAINTENANCE\n"
    "eManifest Portal\n"
    "Start\tSaturday, November 8, 2025, 6:00 a.m. ET\n"
    "End\tSaturday, November 8, 2025, 12:00 p.m. ET\n"
    "Clients affected\tCarriers\n"
    "Description\tThe portal will be unavailable.\n"
    "Action required\tNone\n"
    "\n"
    "EDI\n"
    "Start\tSaturday, November 8, 2025, 10:00 p.m. ET\n"
    "End\tUnknown\n"
    "Clients affected\tEDI clients\n"
    "Description\tTransmissions are queued.\n"
    "Action required\t<p>Resend <b>after</b> the window.</p>\n"
)


def test_a_text_export_of_a_service_notice_becomes_its_windows(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(TEXT_NOTICE, encoding="utf-8")
    target = fresh_folder(EXAMPLES / "scheduled-maintenance", tmp_path / "b")
    run = import_files([source], target)
    assert [d for d in run.diagnostics if d.severity is Severity.ERROR] == []
    bulletin = bulletins(target)["en"]
    assert bulletin.kind == "service-notice"
    assert [b.type for b in bulletin.blocks] == ["text", "windows"]
    table = bulletin.blocks[1].windows
    assert table is not None
    assert table.heading == "SCHEDULED MAINTENANCE"
    assert [(w.system, w.start, w.end, w.action) for w in table.windows] == [
        ("eManifest Portal", "2025-11-08 06:00 ET", "2025-11-08 12:00 ET", None),
        ("EDI", "2025-11-08 22:00 ET", "unknown", "Resend **after** the window."),
    ]
