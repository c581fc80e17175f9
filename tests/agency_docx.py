"""A Word bulletin laid out the way the agency lays them out, made by hand with python-docx.

Not our renderer's layout: bold title lines (series and title in one paragraph, a line
break between), a "MESSAGE NUMBER | TARGET AUDIENCE" table, each problems table opening
with a merged heading row over the column labels, lists typed with Word's List Bullet and
List Number styles, a hyperlink relationship and a HYPERLINK field, a telephone number and
its note on two lines of one cell, tips as rows of the contact table. ``extras`` adds a
service-window table in the agency's layout (labels over a row per window) and a closing
paragraph.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

GUIDE = "https://www.cbsa-asfc.gc.ca/services/carm-gcra/menu-"
PORTAL = "https://ccp-pcc.cbsa-asfc.cloud-nuage.canada.ca/"

LABELS = {
    "en": {
        "series": "CARM Client Support Helpdesk (CCSH) BULLETIN",
        "title": "CARM Client Portal (CCP) - Known Problems",
        "header": ("MESSAGE NUMBER", "TARGET AUDIENCE"),
        "audience": "Customs brokers",
        "heading": "CCP PROBLEMS KNOWN TO THE CBSA",
        "columns": ("Description", "Information – Work around", "Fix Date"),
        "contact": "HOW TO CONTACT THE CARM CLIENT SUPPORT HELPDESK",
        "rows": ("Hours of service", "Web contact form", "Telephone"),
        "hours": "Monday to Friday from 07:00 to 20:00 ET",
        "form": "https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html",
        "note": "Option 2 for CARM",
        "tips": [
            ("Tips when experiencing a problem in the CCP",
             ["Try clearing browser history", "Log off the CCP and log back on"]),
            ("When contacting the CCSH...",
             ["Identify the web browser you are using",
              "Record the message being received; take a screenshot of the error"]),
        ],
        "problems": [
            ("Brokers cannot see an importer's financial security.",
             [("p", [("Ask the importer to open the ", ""), ("Financial security", "b"),
                     (" page, then:", "")]),
              ("bullet", [("select ", ""), ("Business profile", "i")]),
              ("bullet", [("send the bond amount to the broker", "")]),
              ("p", [("See the ", ""), ("CARM guide", f"link:{GUIDE}eng.html"), (".", "")])],
             "September 30, 2021"),
            ("The delegation page is blank.",
             [("number", [("Clear the browser cache", "")]),
              ("number", [("Sign in again through the ", ""),
                          ("CARM log in page", f"field:{PORTAL}en/homepage")]),
              ("p", [("There is no other workaround at this time.", "")])],
             "TBD"),
            ("Duplicate relationship requests",
             [("p", [("You can reject the request or contact the CCSH for assistance.", "")])],
             "N/A"),
        ],
        "window": ("SCHEDULED MAINTENANCE", ("System", "Start", "End", "Clients affected"),
                   ("CARM Client Portal", "2021-09-04 20:00 ET", "2021-09-05 06:00 ET", "All")),
        "closing": "Thank you for your patience.",
    },
    "fr": {
        "series": "Bulletin du Service d'assistance à la clientèle de la GCRA",
        "title": "Portail client de la GCRA - Problèmes connus",
        "header": ("NUMÉRO DU MESSAGE", "PUBLIC CIBLE"),
        "audience": "Courtiers en douane",
        "heading": "PROBLÈMES DU PORTAIL CLIENT DE LA GCRA CONNUS DE L'ASFC",
        "columns": ("Description", "Information – Solution de rechange", "Date de correction"),
        "contact": "COMMENT COMMUNIQUER AVEC LE SERVICE D'ASSISTANCE À LA CLIENTÈLE DE LA GCRA",
        "rows": ("Heures de service", "Formulaire de contact en ligne", "Téléphone"),
        "hours": "Du lundi au vendredi, de 7 h à 20 h HE",
        "form": "https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-fra.html",
        "note": "Option 2 pour la GCRA",
        "tips": [
            ("Conseils en cas de problème dans le portail client de la GCRA",
             ["Essayez d'effacer l'historique de navigation",
              "Déconnectez-vous du portail client de la GCRA, puis reconnectez-vous"]),
            ("Lorsque vous communiquez avec le Service d'assistance à la clientèle de la GCRA…",
             ["Indiquez le navigateur Web que vous utilisez",
              "Notez le message reçu; faites une capture d'écran de l'erreur"]),
        ],
        "problems": [
            ("Les courtiers ne voient pas la garantie financière d'un importateur.",
             [("p", [("Demandez à l'importateur d'ouvrir la page ", ""),
                     ("Garantie financière", "b"), (", puis :", "")]),
              ("bullet", [("sélectionnez ", ""), ("Profil d'entreprise", "i")]),
              ("bullet", [("envoyez le montant du cautionnement au courtier", "")]),
              ("p", [("Voir le ", ""), ("guide de la GCRA", f"link:{GUIDE}fra.html"), (".", "")])],
             "30 septembre 2021"),
            ("La page de délégation est vide.",
             [("number", [("Videz la mémoire cache du navigateur", "")]),
              ("number", [("Reconnectez-vous par la ", ""),
                          ("page de connexion de la GCRA", f"field:{PORTAL}fr/homepage")]),
              ("p", [("Il n'existe aucune autre solution pour le moment.", "")])],
             "À déterminer"),
            ("Demandes de relation d'affaires en double",
             [("p", [("Vous pouvez rejeter la demande ou communiquer avec le Service d'assistance "
                      "à la clientèle de la GCRA.", "")])],
             "S.O."),
        ],
        "window": ("MAINTENANCE PLANIFIÉE", ("Système", "Début", "Fin", "Clients touchés"),
                   ("Portail client de la GCRA", "2021-09-04 20 h HE", "2021-09-05 6 h HE",
                    "Tous")),
        "closing": "Merci de votre patience.",
    },
}  # fmt: skip


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    element.append(run)
    paragraph._p.append(element)


def _field_link(paragraph: Paragraph, text: str, url: str) -> None:
    """A link the way older Word files carry them: a HYPERLINK field."""
    for kind, value in (("begin", None), ("instr", f' HYPERLINK "{url}" '), ("separate", None)):
        run = OxmlElement("w:r")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.text = value
            run.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        paragraph._p.append(run)
    paragraph.add_run(text)
    end = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)
    paragraph._p.append(end)


def _rich(cell: _Cell, blocks: list[tuple[str, list[tuple[str, str]]]]) -> None:
    styles = {"p": None, "bullet": "List Bullet", "number": "List Number"}
    first = True
    for kind, runs in blocks:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if styles[kind]:
            paragraph.style = cell.part.document.styles[styles[kind]]
        for text, how in runs:
            if how.startswith("link:"):
                _hyperlink(paragraph, text, how[5:])
            elif how.startswith("field:"):
                _field_link(paragraph, text, how[6:])
            else:
                run = paragraph.add_run(text)
                run.bold = how == "b" or None
                run.italic = how == "i" or None


def _heading_row(table: Table, text: str) -> None:
    row = table.add_row().cells
    merged = row[0].merge(row[-1])
    merged.paragraphs[0].add_run(text).bold = True


def _labels(table: Table, labels: tuple[str, ...]) -> None:
    for cell, label in zip(table.add_row().cells, labels, strict=True):
        cell.paragraphs[0].add_run(label).bold = True


def agency_bulletin(path: Path, language: str, number: str, *, extras: bool = False) -> Path:
    """Write the hand-made Word bulletin in ``language`` to ``path``."""
    text = LABELS[language]
    document = docx.Document()
    title = document.add_paragraph()
    title.add_run(text["series"]).bold = True
    title.add_run().add_break()
    title.add_run(text["title"]).bold = True
    header = document.add_table(rows=0, cols=2)
    _labels(header, text["header"])
    for cell, value in zip(header.add_row().cells, (number, text["audience"]), strict=True):
        cell.text = value
    document.add_paragraph()
    problems = document.add_table(rows=0, cols=3)
    _heading_row(problems, text["heading"])
    _labels(problems, text["columns"])
    for description, workaround, fix in text["problems"]:
        cells = problems.add_row().cells
        cells[0].text = description
        _rich(cells[1], workaround)
        cells[2].text = fix
    if extras:
        title_text, labels, values = text["window"]
        window = document.add_table(rows=0, cols=4)
        _heading_row(window, title_text)
        _labels(window, labels)
        for cell, value in zip(window.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph()
    contact = document.add_table(rows=0, cols=2)
    _heading_row(contact, text["contact"])
    hours, form, phone = (contact.add_row().cells for _ in range(3))
    for cells, label in zip((hours, form, phone), text["rows"], strict=True):
        cells[0].text = label
    hours[1].text = text["hours"]
    _hyperlink(form[1].paragraphs[0], text["form"], text["form"])
    number_run = phone[1].paragraphs[0].add_run("1-800-461-9999")
    number_run.add_break()
    phone[1].paragraphs[0].add_run(text["note"])
    for heading, items in text["tips"]:
        cells = contact.add_row().cells
        cells[0].text = heading
        _rich(cells[1], [("bullet", [(item, "")]) for item in items])
    if extras:
        document.add_paragraph(text["closing"])
    document.save(str(path))
    return path
