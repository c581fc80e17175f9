"""Names vulture cannot see used: called by a library, a template, the renderer registry, or
the benchmarks and tests (outside src/).

``make check`` runs ``vulture src tools/vulture_allowlist.py``; anything else it reports is
dead code to remove. Each line names the use.
"""

# ruff: noqa: B018, F821

_.validateLink  # markdown-it-py calls the parser's link validator
_.attrs  # markdown-it token attributes, read by its renderer
_.keep_with_next  # python-docx paragraph format properties, written into the document
_.left_indent
_.space_before
_.space_after
_.autofit
_.val
_.create_system  # zipfile.ZipInfo fields, written into the DOCX package
_.external_attr
_.keywords  # python-docx core properties, written into docProps/core.xml
_.category
_.author
_.last_modified_by
_.comments
_.created
_.last_printed
_.modified
_._folder
DocxRenderer  # looked up by name in render.RENDERERS
HtmlRenderer
PdfRenderer
fetch  # WeasyPrint's URLFetcher API
headers
titles  # read by templates/index.html.j2
ngettext  # Jinja's i18n extension calls it
import_  # the click command 'bulletin import' (a Python keyword, hence the underscore)
indentless  # PyYAML's Emitter.increase_indent keyword, overridden in importing/contacts.py
_.status_label  # render/index.py Group: read by templates/index.html.j2
_.nesting  # markdown-it Token: a bare non-https address turned back into text (markdown.py)
_.first_line_indent  # python-docx ParagraphFormat setter (hanging indent of numbered paragraphs)
load_editions  # the plain read-and-validate of bench/ and tests/ (the build uses load_checked)
release_print_styles  # the tests' way to make the next PDF parse its stylesheets again
