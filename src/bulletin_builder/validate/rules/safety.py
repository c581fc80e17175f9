"""BB4xx: Markdown and URL safety in every text value and in the body.

Raw HTML is not a writer's tool here; links may only be https, http, mailto or tel; an
image must be a file under the bulletins' ``assets/`` folder; an address shown as link text
must be the address linked to; host names must be plain ASCII (no look-alike letters); no
address may hide an invisible character, even percent-encoded. A contact block's web form
address gets the same link checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from bulletin_builder.errors import Diagnostic, Location
from bulletin_builder.markdown import (
    IGNORED_IN_URL,
    SAFE_SCHEMES,
    bare_address,
    inspecting_parser,
    link_scheme,
    may_hold_markup,
)
from bulletin_builder.model.project import Project, SourceFile
from bulletin_builder.source import yamltree
from bulletin_builder.source.reader import FORBIDDEN
from bulletin_builder.source.yamltree import field_name

if TYPE_CHECKING:
    from markdown_it.token import Token

ASSETS = "assets"
_DESTINATION = re.compile(r"\]\([ \t\n]*([^\x00-\x20\x7f)]*)")
"""Every place a link destination can start ('](' then blanks), and the destination as
markdown-it reads it when it holds no '(' (it stops at a blank, a control or a ')')."""
_PLAIN_ADDRESS = re.compile(
    r"(?<!\S)https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[A-Za-z0-9._~/-]*)?(?=[.,;:!?]*(?!\S))"
)
"""A bare web address standing alone between blanks (sentence punctuation may follow), made of
letters, digits and ``-._~/`` only: whatever part of it linkify takes, the link has its scheme and
its host, and the link checks decide on nothing else."""
_UNUSUAL_URL = re.compile(r"[&%\\<(]|[^\x00-\x7f]|^$")
_PLAIN_LINK_TEXT = re.compile(r"[^\[\]\\`*_&<\n]*")
"""Link text markdown-it shows as one text run, exactly as written (no markup, no break)."""
_ADDRESS_TEXT = re.compile(r"^(?:https?://)?(?:www\.)?[\w.-]+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_EMAIL_TEXT = re.compile(r"^(?:mailto:)?[^\s@<>()\[\]]+@[^\s@<>()\[\]]+$", re.IGNORECASE)
_PHONE_TEXT = re.compile(r"^(?:tel:)?\+?[\d\s().\-\u2010\u2011\u2012\u2013\u00a0\u202f]{7,}$")


@dataclass(frozen=True)
class Text:
    """One Markdown text: where its first line is, and which field it is."""

    value: str
    line: int
    column: int
    path: Callable[[], tuple[str | int, ...]]
    """Where the text is (computed only when a diagnostic needs it)."""


def _path_finder(
    root: yamltree.Node | None, node: yamltree.Node
) -> Callable[[], tuple[str | int, ...]]:
    return lambda: yamltree.path_to(root, node)


def _texts(file: SourceFile[Any]) -> Iterator[Text]:
    """Every text that could hold markup: marked scalars and the body."""
    for node in file.source.marked:
        assert node.value is not None
        column = 1 if node.style in ("|", ">") else node.column
        yield Text(node.value, node.content_line, column, _path_finder(file.source.tree, node))
    if file.source.body:
        yield Text(file.source.body, file.source.body_line, 1, lambda: ("body",))


def _tokens(tokens: list[Token], line: int) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        here = line + token.map[0] if token.map else line
        yield token, here
        if token.children:
            yield from _tokens(token.children, here)


def _check_link(url: str, kind: str, root: Path) -> tuple[str, str, str] | None:
    """(code, message, hint) if ``url`` is not allowed, else None."""
    if hidden := FORBIDDEN.search(unquote(url)):
        return (
            "BB406",
            f"the address hides the invisible character U+{ord(hidden.group()):04X}",
            "retype the address; copy it from the browser's address bar",
        )
    scheme = link_scheme(url)
    if kind == "image":
        return _check_image(url, scheme, root)
    if scheme is None:
        return (
            "BB408",
            f"relative link {url!r}: a published bulletin has nowhere relative to link to",
            "write the full address, https://…",
        )
    if scheme not in SAFE_SCHEMES:
        return (
            "BB402",
            f"link scheme '{scheme}:' is not allowed",
            "links must be https, http, mailto or tel",
        )
    host = _unicode_host(_link_host(url, scheme))
    if not host.isascii():
        return (
            "BB405",
            f"host name {host!r} has non-ASCII (look-alike) letters",
            "retype the address in plain ASCII letters",
        )
    return None


def _check_image(url: str, scheme: str | None, root: Path) -> tuple[str, str, str]:
    """Why an image is refused: outside ``assets/`` (BB403), or not publishable yet (BB407)."""
    target = (root / ASSETS / url).resolve()
    inside = target.is_relative_to((root / ASSETS).resolve())
    if scheme or url.startswith("/") or not inside or not target.is_file():
        return (
            "BB403",
            f"image {url!r} is not a file in the bulletins' {ASSETS}/ folder",
            f"put the image in {ASSETS}/ and write its path relative to it",
        )
    return (
        "BB407",
        f"image {url!r}: the published bulletins cannot show images yet",
        "describe the picture in words, or link to a page that shows it",
    )


def _link_host(url: str, scheme: str) -> str:
    """The host a link goes to: a web address's host name, an e-mail address's domain."""
    cleaned = IGNORED_IN_URL.sub("", url)
    if scheme == "mailto":
        address = unquote(cleaned).partition(":")[2].split("?", 1)[0]
        return address.rpartition("@")[2].lower()
    return _hostname(cleaned)


def _hostname(url: str) -> str:
    """The host name of ``url`` ('' if it has none, or is too broken to have one)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # 'https://[' is not an address at all
        return ""


def _unicode_host(host: str) -> str:
    """The host as a reader sees it: the parser's punycode labels ('xn--…') decoded."""
    try:
        return host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        return host


def _shown_address(children: list[Token], index: int) -> str:
    """The link text after ``link_open`` at ``index``, when it is a single text run."""
    text = children[index + 1] if index + 1 < len(children) else None
    return text.content.strip() if text is not None and text.type == "text" else ""


def _host(address: str) -> str:
    host = _hostname(address if "//" in address else "//" + address)
    return host.removeprefix("www.")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def disguise(shown: str, url: str) -> str | None:
    """What the link text ``shown`` pretends to be when ``url`` goes elsewhere: a web address
    on another host, an e-mail address or a telephone number other than the one linked to."""
    if _EMAIL_TEXT.match(shown):
        address = shown.lower().removeprefix("mailto:")
        target = unquote(IGNORED_IN_URL.sub("", url)).lower()
        return None if target.split("?", 1)[0] == f"mailto:{address}" else "an e-mail address"
    if _PHONE_TEXT.match(shown) and (len(_digits(shown)) >= 10 or "+" in shown):
        target = IGNORED_IN_URL.sub("", unquote(url)).lower()
        number, linked = _digits(shown), _digits(target)
        same = linked in (number, "1" + number) or number == "1" + linked
        return None if target.startswith("tel:") and same else "a telephone number"
    if _ADDRESS_TEXT.match(shown) and _host(shown) != _host(url):
        return "an address"
    return None


Finding = tuple[str, str, str, tuple[str, ...]]
"""(code, message, hint, what to look for in the source line to point at it)."""


def _inline_problems(token: Token, root: Path) -> Iterator[Finding]:
    children = token.children or []
    for index, child in enumerate(children):
        if child.type == "html_inline":
            yield (
                "BB401",
                "raw HTML is not allowed",
                "use Markdown: **bold**, *italic*, - lists, [text](https://…)",
                (child.content,),
            )
        elif child.type in ("link_open", "image"):
            url = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            found = _check_link(url, "image" if child.type == "image" else "link", root)
            if found:
                host = _unicode_host(_link_host(url, link_scheme(url) or ""))
                yield (*found, (url, unquote(url), host, "]("))
            elif child.type == "link_open":
                shown = _shown_address(children, index)
                pretends = disguise(shown, url)
                if pretends and shown == url:  # a bare address, such as https://help@gov.example
                    yield (
                        "BB404",
                        f"the address {url!r} looks like {pretends} but opens a web page",
                        "write the address without a name and '@' before its host",
                        (url,),
                    )
                elif pretends:
                    yield (
                        "BB404",
                        f"link text shows {shown!r} but links to {url!r}",
                        "make the text and the address agree",
                        (f"[{shown}]", shown),
                    )


def _locate(
    file: SourceFile[Any], text: Text, line: int, needles: tuple[str, ...]
) -> tuple[int, int]:
    """The line and column of the first needle written in ``text`` from ``line`` on.

    Markdown only knows the first line of a paragraph; the source line shows where the link
    or tag really is. Falls back to the paragraph's first line.
    """
    last = text.line + text.value.count("\n")
    for needle in (n for n in needles if n):
        for number in range(line, last + 1):
            column = file.source.line(number).lower().find(needle.lower())
            if column >= 0:
                return number, column + 1
    return line, text.column


def plainly_safe(text: str) -> bool:
    """True when ``text`` provably holds no raw HTML, image or unsafe link (no parse needed).

    Raw HTML and autolinks need '<', images '![', reference links a '[…]:' definition. An
    inline link is '[text](destination' with nothing but blanks between '](' and the
    destination, so every '](' is looked at, wherever the brackets before it open: its
    destination must be a plain ASCII address the link checks accept, and the text from the
    nearest '[' must be plain (then it is exactly what markdown-it shows) and no disguise.
    A bare address (``https://…``, ``www.…``, ``mailto:…``) becomes a link too (linkify): one
    standing alone between blanks, made of plain ASCII address characters, is checked here;
    text with any other is left to the full parse. Anything else is left to the full parse too.
    ``tests/test_hardening_links.py`` compares the two on generated text.
    """
    if "<" in text or "![" in text or "]:" in text:
        return False
    outside = _DESTINATION.sub("](", text)
    if bare_address(outside) and not _plain_addresses_only(outside):
        return False
    for match in _DESTINATION.finditer(text):
        url = match.group(1)
        if _UNUSUAL_URL.search(url) or _check_link(url, "link", Path()) is not None:
            return False
        opening = text.rfind("[", 0, match.start())
        shown = text[opening + 1 : match.start()]
        if opening < 0 or text[opening - 1 : opening] == "\\":
            return False
        if not _PLAIN_LINK_TEXT.fullmatch(shown) or disguise(shown.strip(), url):
            return False
    return True


def _plain_addresses_only(text: str) -> bool:
    """True when every bare address in ``text`` is a :data:`_PLAIN_ADDRESS` the link checks
    accept, on a host with no punycode label (its Unicode form is what the checks judge)."""
    for match in _PLAIN_ADDRESS.finditer(text):
        url = match.group()
        if "xn--" in url.lower() or _check_link(url, "link", Path()) is not None:
            return False
    return not bare_address(_PLAIN_ADDRESS.sub(" ", text))


def findings(text: str, root: Path, line: int = 1) -> Iterator[tuple[int, Finding]]:
    """Every problem the full CommonMark parse finds in ``text``, with its paragraph's line."""
    for token, here in _tokens(inspecting_parser().parse(text), line):
        if token.type == "html_block":
            tag = token.content.strip().split("\n")[0]
            hint = "use Markdown instead of HTML tags"
            yield here, ("BB401", "raw HTML is not allowed", hint, (tag,))
        elif token.type == "inline":
            yield from ((here, found) for found in _inline_problems(token, root))


def _check_text(file: SourceFile[Any], text: Text, root: Path) -> Iterator[Diagnostic]:
    value = text.value
    if not may_hold_markup(value) or plainly_safe(value):
        return
    for line, (code, message, hint, needles) in findings(text.value, root, text.line):
        location = Location(file.source.path, *_locate(file, text, line, needles))
        yield Diagnostic(code, message, location, field=field_name(text.path()), hint=hint)


def _check_web_form(file: SourceFile[Any]) -> Iterator[Diagnostic]:
    """A contact block's web form address: the link checks of the Markdown text."""
    tree = file.source.tree
    node = tree.values.get("web_form") if isinstance(tree, yamltree.Mapping) else None
    if isinstance(node, yamltree.Scalar) and node.value:
        found = _check_link(node.value.strip(), "link", Path())
        if found:
            code, message, hint = found
            yield file.diagnostic(code, message, "web_form", hint=hint)


def check_markdown(project: Project) -> Iterator[Diagnostic]:
    """Every text value of every file, and every body, checked for unsafe Markdown."""
    for file in project.files():
        for text in _texts(file):
            yield from _check_text(file, text, project.root)
    for contact in project.contacts:
        yield from _check_web_form(contact)
