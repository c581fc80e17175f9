"""Generate ``templates/bulletin.docx``, the Word reference document of the house style.

Like pandoc's ``reference.docx``, the file carries the styles and nothing else the renderer
keeps: paragraph styles (Title, Subtitle, Heading 1-3, Normal, Table Text, Table Heading,
List Bullet, List Number, List Continue, Quote, Source Code, Header, Footer), character styles
(Hyperlink, Verbatim Char), the "Bulletin Table" table style, the bullet and decimal
numbering definitions the list styles use, the fonts (Lato for headings, Noto Sans for text,
Arial as their fallback) and a Letter page. Its body is a specimen of every style, for
reviewers; the renderer empties it before filling the document.

Run ``python tools/make_reference_docx.py`` after changing this file and commit both.
Output is byte-identical from run to run.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

OUT = Path(__file__).resolve().parent.parent / "templates" / "bulletin.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

HEADING_FONT = "Lato"
TEXT_FONT = "Noto Sans"
FALLBACK_FONT = "Arial"
MONO_FONT = "Courier New"
TEXT = "333333"  # GC Design System text colour
ACCENT = "26374A"  # GC Design System primary (dark blue)
LINK = "2B4380"  # GC Design System link colour
RULE = "AF3C43"  # GC Design System accent red, under the title
BORDER = "7D828B"
SHADE = "F1F2F3"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
DATE = (2021, 7, 15, 0, 0, 0)  # fixed zip timestamps: the first bulletin's date


def fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}" w:eastAsia="{name}"/>'


def style(
    kind: str,
    style_id: str,
    name: str,
    body: str,
    *,
    based_on: str = "Normal",
    extra: str = "",
    default: bool = False,
) -> str:
    """One ``w:style`` element; ``extra`` holds next/link/uiPriority/qFormat in schema order."""
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{base}{extra}{body}</w:style>'
    )


def heading(level: int, size: int, before: int, border: str = "") -> str:
    ppr = (
        f'<w:pPr><w:keepNext/><w:keepLines/>{border}<w:spacing w:before="{before}" '
        f'w:after="120"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
    )
    rpr = (
        f'<w:rPr>{fonts(HEADING_FONT)}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )
    return style(
        "paragraph",
        f"Heading{level}",
        f"heading {level}",
        ppr + rpr,
        extra='<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>',
    )


def border(edge: str, size: int, color: str, space: int = 4) -> str:
    return f'<w:{edge} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def paragraph_styles() -> list[str]:
    title_rule = f"<w:pBdr>{border('bottom', 18, RULE, 6)}</w:pBdr>"
    return [
        style(
            "paragraph",
            "Normal",
            "Normal",
            f'<w:rPr><w:color w:val="{TEXT}"/></w:rPr>',
            based_on="",
            extra="<w:qFormat/>",
            default=True,
        ),
        style(
            "paragraph",
            "Title",
            "Title",
            f'<w:pPr><w:keepNext/>{title_rule}<w:spacing w:before="0" w:after="240"/></w:pPr>'
            f'<w:rPr>{fonts(HEADING_FONT)}<w:b/><w:bCs/><w:color w:val="{TEXT}"/>'
            '<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>',
            extra='<w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>',
        ),
        style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="60"/></w:pPr>'
            f'<w:rPr>{fonts(HEADING_FONT)}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
            '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
            extra='<w:next w:val="Title"/><w:uiPriority w:val="11"/><w:qFormat/>',
        ),
        heading(1, 30, 360),
        heading(2, 26, 240),
        heading(3, 22, 200),
        style(
            "paragraph",
            "TableText",
            "Table Text",
            '<w:pPr><w:spacing w:before="0" w:after="80"/></w:pPr>',
            extra="<w:qFormat/>",
        ),
        style(
            "paragraph",
            "TableHeading",
            "Table Heading",
            '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="40"/></w:pPr>'
            '<w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>',
            based_on="TableText",
            extra="<w:qFormat/>",
        ),
        list_style("ListBullet", "List Bullet", 1),
        list_style("ListNumber", "List Number", 2),
        style(
            "paragraph",
            "ListContinue",
            "List Continue",
            '<w:pPr><w:spacing w:before="0" w:after="60"/><w:ind w:left="360"/></w:pPr>',
        ),
        style(
            "paragraph",
            "Quote",
            "Quote",
            f"<w:pPr><w:pBdr>{border('left', 18, BORDER, 8)}</w:pBdr>"
            '<w:ind w:left="432"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr>',
            extra='<w:next w:val="Normal"/><w:qFormat/>',
        ),
        style(
            "paragraph",
            "SourceCode",
            "Source Code",
            f'<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>'
            f'<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/></w:pPr>'
            f'<w:rPr>{fonts(MONO_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
        ),
        style(
            "paragraph",
            "Header",
            "header",
            f"<w:pPr><w:pBdr>{border('bottom', 6, ACCENT)}</w:pBdr>"
            '<w:spacing w:before="0" w:after="0"/></w:pPr>'
            '<w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>',
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            '<w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>'
            '<w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>',
        ),
    ]


def list_style(style_id: str, name: str, num_id: int) -> str:
    return style(
        "paragraph",
        style_id,
        name,
        f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        '<w:spacing w:before="0" w:after="60"/><w:contextualSpacing/></w:pPr>',
        extra="<w:qFormat/>",
    )


def character_styles() -> list[str]:
    default_font = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
        "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
    )
    return [
        default_font,
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            f'<w:rPr><w:color w:val="{LINK}"/><w:u w:val="single"/></w:rPr>',
            based_on="DefaultParagraphFont",
            extra='<w:uiPriority w:val="99"/>',
        ),
        # Code in running text (and long identifiers the renderer sets as code): the text font,
        # smaller, shaded, as the HTML and PDF show it, so an identifier fits a table column.
        style(
            "character",
            "VerbatimChar",
            "Verbatim Char",
            f'<w:rPr>{fonts(TEXT_FONT)}<w:sz w:val="17"/><w:szCs w:val="17"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:rPr>',
            based_on="DefaultParagraphFont",
        ),
    ]


def table_styles() -> list[str]:
    edges = "".join(
        border(e, 4, BORDER, 0) for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = (
        '<w:tblCellMar><w:top w:w="80" w:type="dxa"/><w:left w:w="115" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="115" w:type="dxa"/></w:tblCellMar>'
    )
    # No <w:tblHeader/> here: the renderer marks each table's header row itself. LibreOffice
    # applies a style's tblHeader even where tblLook turns the first row off, and repeated the
    # contact table's first body row ("Hours of service") at the top of every page.
    first_row = (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
        '<w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}"/></w:tcPr>'
        "</w:tblStylePr>"
    )
    first_col = (
        '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr>'
        "</w:tblStylePr>"
    )
    normal_table = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    bulletin_table = style(
        "table",
        "BulletinTable",
        "Bulletin Table",
        '<w:pPr><w:spacing w:before="0" w:after="80"/></w:pPr>'
        f"<w:tblPr><w:tblBorders>{edges}</w:tblBorders>{margins}</w:tblPr>"
        f"{first_row}{first_col}",
        based_on="TableNormal",
        extra='<w:uiPriority w:val="39"/>',
    )
    no_list = (
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
    )
    return [normal_table, bulletin_table, no_list]


def styles_xml() -> str:
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(TEXT_FONT)}"
        '<w:sz w:val="20"/><w:szCs w:val="20"/>'
        '<w:lang w:val="en-CA" w:eastAsia="en-CA" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    body = "".join(paragraph_styles() + character_styles() + table_styles())
    return f"<w:styles {DECLS}>{defaults}{body}</w:styles>"


def level(ilvl: int, fmt: str, text: str, font: str = "") -> str:
    indent = 360 * (ilvl + 1)
    rpr = f"<w:rPr>{fonts(font)}</w:rPr>" if font else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
    )


def numbering_xml() -> str:
    bullets = ("\u2022", "\u25e6", "\u25aa")
    numbers = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
    bullet_levels = "".join(level(i, "bullet", bullets[i % 3], FALLBACK_FONT) for i in range(9))
    number_levels = "".join(
        level(i, numbers[i % 3][0], numbers[i % 3][1].format(n=i + 1)) for i in range(9)
    )
    return (
        f"<w:numbering {DECLS}>"
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5B1E7A01"/>'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{bullet_levels}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5B1E7A02"/>'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{number_levels}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


def font_table_xml() -> str:
    def font(name: str, alt: str, family: str, pitch: str) -> str:
        alt_name = f'<w:altName w:val="{alt}"/>' if alt else ""
        return (
            f'<w:font w:name="{name}">{alt_name}<w:charset w:val="00"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )

    return (
        f"<w:fonts {DECLS}>{font(HEADING_FONT, FALLBACK_FONT, 'swiss', 'variable')}"
        f"{font(TEXT_FONT, FALLBACK_FONT, 'swiss', 'variable')}"
        f"{font(FALLBACK_FONT, '', 'swiss', 'variable')}"
        f"{font(MONO_FONT, '', 'modern', 'fixed')}</w:fonts>"
    )


def settings_xml() -> str:
    return (
        f"<w:settings {DECLS}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-CA"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
APP_XML = XML_DECLARATION + (
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Template>bulletin.docx</Template><Application>bulletin-builder</Application>"
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def section_xml() -> str:
    return (
        f"<w:sectPr {DECLS}>"
        '<w:pgSz w:w="12240" w:h="15840"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="600" w:footer="600" w:gutter="0"/>'
        '<w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def drop_extras(document: Document) -> None:
    """Remove the template's thumbnail, custom XML and Word 2010 effects parts."""
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rId]
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS, RT.WEB_SETTINGS):
            del document.part.rels[rId]


def replace_parts(document: Document) -> None:
    """Swap the template's styles, numbering, fonts and settings for ours."""
    part = document.part
    part._styles_part._element = parse_xml(styles_xml())
    part.numbering_part._element = parse_xml(numbering_xml())
    font_table = part.part_related_by(RT.FONT_TABLE)
    font_table._blob = XML_DECLARATION + font_table_xml().encode()
    part._settings_part._element = parse_xml(settings_xml())
    for package_part in part.package.iter_parts():
        if package_part.partname == "/docProps/app.xml":
            package_part._blob = APP_XML
    body = document.element.body
    for child in list(body):
        body.remove(child)
    body.append(parse_xml(section_xml()))


def specimen(document: Document) -> None:
    """A sample of every style, so a reviewer opening the file sees the house style."""
    document.add_paragraph("Series name (Subtitle)", style="Subtitle")
    document.add_paragraph("Bulletin title (Title)", style="Title")
    document.add_paragraph("Heading 1", style="Heading 1")
    document.add_paragraph("Body text (Normal). ")
    document.add_paragraph("Bullet item (List Bullet)", style="List Bullet")
    document.add_paragraph("Numbered item (List Number)", style="List Number")
    document.add_paragraph("Heading 2", style="Heading 2")
    table = document.add_table(rows=2, cols=3, style="Bulletin Table")
    for cell in table.rows[0].cells:
        cell.paragraphs[0].text = "Table Heading"
        cell.paragraphs[0].style = document.styles["Table Heading"]
    for cell in table.rows[1].cells:
        cell.paragraphs[0].text = "Table Text"
        cell.paragraphs[0].style = document.styles["Table Text"]


def core(document: Document) -> None:
    import datetime as dt  # noqa: PLC0415 - only the metadata needs it

    props = document.core_properties
    stamp = dt.datetime(*DATE, tzinfo=dt.UTC)
    props.author = props.last_modified_by = "Canada Border Services Agency"
    props.title, props.subject, props.keywords = "Bulletin reference document", "", ""
    props.comments, props.language, props.revision = "", "en-CA", 1
    props.created = props.modified = props.last_printed = stamp


def fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, DATE), src.read(info.filename))
    return out.getvalue()


def build() -> bytes:
    """The reference document's bytes."""
    document = docx.Document()
    drop_extras(document)
    replace_parts(document)
    specimen(document)
    core(document)
    raw = io.BytesIO()
    document.save(raw)
    return fixed_zip(raw.getvalue())


def main() -> int:
    OUT.write_bytes(build())
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
