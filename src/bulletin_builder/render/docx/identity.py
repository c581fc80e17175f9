"""The federal identity in the Word document's header: signature left, Canada wordmark right.

python-docx embeds no SVG, so the header carries the PNG copies that ``tools/update-identity.sh``
renders next to the official SVGs in ``templates/identity/``. Each picture has its alternative
text (``wp:docPr/@descr``, what Word's accessibility checker and screen readers read) and a
drawing id unique in the document.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph

from bulletin_builder.render.docx.parts import TEXT_WIDTH

SIGNATURE_HEIGHT = Pt(14)
WORDMARK_HEIGHT = Pt(18)
FIRST_DRAWING_ID = 1001
"""Drawing ids of the header's pictures: far from any the body could use."""


def identity_header(
    document: Document, signature: tuple[Path, str], wordmark: tuple[Path, str]
) -> Paragraph:
    """A first header paragraph: the signature, then the wordmark at the right margin.

    ``signature`` and ``wordmark`` are each (PNG file, alternative text).
    """
    header = document.sections[0].header
    line: Paragraph = header.paragraphs[0].insert_paragraph_before(style="Header")
    line.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    line.paragraph_format.space_after = Pt(6)
    pictures = ((signature, SIGNATURE_HEIGHT), (wordmark, WORDMARK_HEIGHT))
    for index, ((path, alt), height) in enumerate(pictures):
        run = line.add_run("\t" if index else "")
        shape = run.add_picture(str(path), height=height)
        doc_pr = shape._inline.docPr
        doc_pr.set("id", str(FIRST_DRAWING_ID + index))
        doc_pr.set("name", path.stem)
        doc_pr.set("descr", alt)
    return line
