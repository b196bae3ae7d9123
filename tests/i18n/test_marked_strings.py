"""Every user-facing word in our templates goes through the translation machinery.

A template's text outside ``{% translate %}`` / ``{% blocktranslate %}`` that still holds
words after removing tags, variables and entities fails this test, and so does a
human-readable attribute (alt, title, placeholder, aria-label) written as plain text.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    ROOT / "templates",
    *sorted(ROOT.glob("*/templates")),
    *sorted(ROOT.glob("socialtech/*/templates")),
]
# Not prose: a glyph-coverage sample for the PDF system check, a widget of inputs.
SKIP = {"widgets/translated_text.html", "documents/pdf_system_check.html"}
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#A-Za-z0-9]+;")
ATTRIBUTE = re.compile(r"""\b(alt|title|placeholder|aria-label)\s*=\s*"([^"]*)\"""", re.I)
RAW_BLOCKS = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
NOT_PROSE = {"SocialTech", "SHA", "PDF", "EUR", "UTC", "ISO", "CSV", "XLSX", "DOCX", "API", "WP"}


def template_files() -> list[Path]:
    files = []
    for directory in TEMPLATE_DIRS:
        if directory.is_dir() and ".venv" not in directory.parts:
            files += [path for path in directory.rglob("*") if path.suffix in {".html", ".txt"}]
    return sorted(files)


def skeleton(source: str) -> str:
    """The template with every tag, variable and translated block taken out, and the
    names of placeholders it writes out literally (``{% templatetag openvariable %} name
    {% templatetag closevariable %}``, for a document template edited later)."""
    parts = []
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split()
            name = words[0] if words else ""
            if name in {"blocktranslate", "blocktrans", "comment"} or words == [
                "templatetag",
                "openvariable",
            ]:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"} or words == [
                "templatetag",
                "closevariable",
            ]:
                depth -= 1
            parts.append(" ")
        elif token.token_type == TokenType.TEXT and not depth:
            parts.append(token.contents)
        else:
            parts.append(" ")
    return "".join(parts)


def unmarked_text(source: str) -> list[str]:
    text = RAW_BLOCKS.sub(" ", re.sub(r"<!--.*?-->", " ", skeleton(source), flags=re.S))
    found = [
        f'{attribute}="{value}"'
        for attribute, value in ATTRIBUTE.findall(text)
        if WORD.search(value)
    ]
    for line in ENTITY.sub(" ", TAG.sub("\n", text)).splitlines():
        words = [word for word in WORD.findall(line) if word not in NOT_PROSE]
        if words:
            found.append(" ".join(line.split())[:80])
    return found


def test_template_text_is_marked_for_translation():
    problems = {}
    for path in template_files():
        relative = path.relative_to(ROOT)
        if any(str(relative).endswith(skip) for skip in SKIP):
            continue
        text = unmarked_text(path.read_text())
        if text:
            problems[str(relative)] = text
    assert problems == {}


def test_the_checker_catches_unmarked_text():
    assert unmarked_text("<p>Hello there</p>") == ["Hello there"]
    assert unmarked_text('<img alt="Logo of the programme">') == ['alt="Logo of the programme"']
    assert unmarked_text("{% load i18n %}<p>{% translate 'Hello' %}</p>") == []
    assert unmarked_text("<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>") == []
    literal = "{% templatetag openvariable %} award_amount {% templatetag closevariable %}"
    assert unmarked_text(f"<p>{literal}</p>") == []
    assert unmarked_text(f"<p>{literal} Amount awarded</p>") == ["Amount awarded"]
