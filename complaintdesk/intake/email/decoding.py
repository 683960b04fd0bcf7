"""Turning the bytes of Chinese (and other) mail into text: charsets, encoded headers, HTML."""

from __future__ import annotations

import codecs
import re
from email.header import decode_header
from html.parser import HTMLParser

# Mail clients label GBK text as gb2312 and HKSCS text as big5; decoding with the superset
# reads both the label's characters and the ones it really contains.
CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    name = CHARSET_SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset (widened to its superset), else UTF-8, else GB18030."""
    candidates = [c for c in (_codec(charset), "utf-8", "gb18030") if c]
    for codec in dict.fromkeys(candidates):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(candidates[0], errors="replace")


def decode_header_value(raw: str) -> str:
    """An encoded-word header (``=?gbk?B?...?=``) or raw 8-bit header as text, on one line."""
    if not raw:
        return ""
    pieces: list[str] = []
    for chunk, charset in decode_header(raw):
        if isinstance(chunk, str):
            chunk = chunk.encode("ascii", "surrogateescape")
        pieces.append(decode_bytes(chunk, charset))
    return one_line("".join(pieces))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value: str) -> str:
    """No CR, LF or other control characters: safe in a header, a subject or a display name."""
    return _CONTROL.sub(" ", value).strip()


class _TextExtractor(HTMLParser):
    BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: scripts and styles dropped, blocks on their own lines."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (
        re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(extractor.parts).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_QUOTE_HEADER = re.compile(
    r"^(On .{1,200} wrote:|在.{1,200}写道[:：]|-{2,} ?(Original Message|原始邮件) ?-{2,}|"
    r"From: .+|发件人[:：].+)\s*$",
    re.MULTILINE,
)


def strip_quoted_reply(text: str) -> str:
    """The new part of a reply: up to the quote header, without ``>`` lines."""
    match = _QUOTE_HEADER.search(text)
    head = text[: match.start()] if match else text
    kept = [line for line in head.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(kept).strip() or text.strip()
