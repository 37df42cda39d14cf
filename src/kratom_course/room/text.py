"""The little Markdown the session plans and exercise prompts use (bold, italics, code, links), turned
into what a slide (HTML) or a handout (ReportLab's paragraph markup) shows. Links keep their words only:
a projected or printed link cannot be followed."""

from __future__ import annotations

import html
import re

LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
CODE = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def plain(markdown: str) -> str:
    """The words only: no link targets, emphasis marks or code ticks."""
    text = LINK.sub(r"\1", markdown)
    text = CODE.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    return ITALIC.sub(r"\1", text)


def markup(markdown: str, code_font: str | None = None) -> str:
    """Inline Markdown as HTML (<strong>, <em>, <code>); with `code_font`, code as ReportLab's <font face>."""
    text = html.escape(LINK.sub(r"\1", markdown), quote=False)
    code = rf'<font face="{code_font}">\1</font>' if code_font else r"<code>\1</code>"
    text = CODE.sub(code, text)
    text = BOLD.sub(r"<b>\1</b>" if code_font else r"<strong>\1</strong>", text)
    return ITALIC.sub(r"<i>\1</i>" if code_font else r"<em>\1</em>", text)


def first_sentence(text: str, limit: int = 140) -> str:
    """The first sentence (or clause before a semicolon) of `text`, shortened at a word if longer than `limit`."""
    sentence = re.split(r"(?<=[.;:])\s", text.strip(), maxsplit=1)[0].rstrip(".;:")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "\u2026"
