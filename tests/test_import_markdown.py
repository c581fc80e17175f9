"""The importer's Markdown: any text it escapes, wraps and lists renders as exactly that text.

Property-based (Hypothesis): words drawn with every character Markdown gives a meaning to
(``* _ [ ] < > # - + = ` \\ & ! 1.``), long enough to be wrapped, as paragraphs and as list
items. A text that rendered otherwise would change a bulletin on its way in.
"""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_builder.importing.blocks import Chunk, escape, to_markdown
from bulletin_builder.markdown import rendering_parser
from quick import examples

SPECIAL = "*_[]<>#-+=`~\\&!.)(:;1 "
words = st.text(
    alphabet=st.sampled_from(SPECIAL) | st.characters(blacklist_categories=("Cc", "Cs", "Z")),
    min_size=1,
    max_size=12,
)
texts = st.lists(words, min_size=1, max_size=40).map(" ".join)


def shown(markdown: str) -> list[str]:
    """The text of each paragraph or list item as readers see it."""
    rendered = rendering_parser().render(markdown)
    blocks = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", rendered, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", b)).split()) for b in blocks]


def plain(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=examples(400), deadline=None)
@given(texts)
def test_a_paragraph_renders_as_its_text(text: str) -> None:
    text = plain(text)
    if text:
        assert shown(to_markdown([Chunk("p", escape(text), text)])) == [text]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from(["bullet", "number"]))
def test_list_items_render_as_their_texts(items: list[str], kind: str) -> None:
    items = [plain(i) for i in items if plain(i)]
    chunks = [Chunk(kind, escape(i), i, start=n) for n, i in enumerate(items, start=1)]
    assert shown(to_markdown(chunks)) == items


def test_the_property_sees_a_wrong_escape() -> None:
    """The check itself: text left unescaped is caught."""
    assert shown(to_markdown([Chunk("p", "*a*", "*a*")])) != ["*a*"]
