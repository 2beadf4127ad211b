"""User-typed text: what counts as a control character, and how a name is shown as text.

Names (participants, saved scenarios) may hold any printable text, including emoji built with
joiners (👨‍👩‍👧 is three emoji joined by U+200D ZERO WIDTH JOINER, a *format* character, which
``str.isprintable`` refuses). Refused: control characters (C0/C1, category Cc), line and
paragraph separators, unpaired surrogates and the bidirectional overrides and isolates, which
can make a name display as something else.
"""

from __future__ import annotations

import re
import unicodedata

REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:=")
WORD_JOINER = "\u2060"  # zero width, no break: invisible, but it ends a pattern
# What a Markdown renderer finds in text *after* escapes are resolved (GFM's autolink literals:
# "https://…", "www.…", "a@b.c"; Streamlit's ":red[…]", ":material/…:" and emoji shortcodes):
# a backslash cannot hide these, a word joiner inside them can.
_AFTER_ESCAPES = re.compile(r"(?<=:)|(?=@)|(?<=www)(?=\\\.)", re.IGNORECASE)


def has_control(text: str) -> bool:
    """True when ``text`` holds a character a name must not: a control, a separator of lines
    or paragraphs, a surrogate, an unassigned or private-use code point, or a bidi control."""
    return any(unicodedata.category(ch) in REFUSED_CATEGORIES or ch in BIDI_CONTROLS for ch in text)


def md_escape(text: str) -> str:
    """``text`` for a Markdown-rendering widget, shown as typed: every Markdown punctuation mark
    is backslash-escaped, so "**Ana**" or "[x](y)" stay literal, and a word joiner follows each
    colon and precedes each "@" (and splits "www."), so no address in it becomes a link."""
    escaped = "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))
    return _AFTER_ESCAPES.sub(WORD_JOINER, escaped)


_MARKDOWN = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_REPOSITORY = re.compile(r"(?:^|[\s`(])(?:data/)?(?:sources|build)/")


def plain(text: str, repository: bool = False) -> str:
    """Documentation text as a reader outside the repository reads it: no Markdown marks,
    links as "text (address)", and (unless ``repository``) no clause that points into the
    repository ("transcribed in `sources/epi.csv`")."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", str(text))
    kept = [p for p in text.split(";") if repository or not _REPOSITORY.search(p)]
    return " ".join(_MARKDOWN.sub("", "; ".join(p.strip() for p in kept)).split()).strip(" ;,")
