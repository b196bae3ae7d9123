"""Reading issued PDFs back in tests (pypdf): catalogue, text lines, link targets."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def catalogue(pdf: bytes) -> Any:
    return reader(pdf).trailer["/Root"]


def text_lines(pdf: bytes) -> list[str]:
    """Every line of text as a reader extracts it, page after page."""
    return [
        line.strip()
        for page in reader(pdf).pages
        for line in (page.extract_text() or "").splitlines()
    ]


def link_uris(pdf: bytes) -> list[str]:
    """The targets of the link annotations, page after page."""
    uris = []
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" and action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def assert_tagged(pdf: bytes, *, language: str) -> None:
    """A tagged PDF (structure tree, marked content) that says its language."""
    root = catalogue(pdf)
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == language
