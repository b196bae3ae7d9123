"""Every PDF a thread makes shares one font configuration (WeasyPrint's own default, a new
one per document, leaks memory in a long-running worker)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from socialtech.documents import pdf as pdf_module

pytestmark = pytest.mark.skipif(
    not pdf_module.weasyprint_available(), reason="WeasyPrint's system libraries are missing"
)


def test_two_documents_of_one_thread_share_one_font_configuration(
    monkeypatch: pytest.MonkeyPatch, in_tenant_a: Any
) -> None:
    weasyprint = pdf_module.require_weasyprint()
    used: list[Any] = []
    real_render = weasyprint.HTML.render

    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        used.append(kwargs.get("font_config"))
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    first = pdf_module.render_pdf("documents/receipt.html", {"title": "One", "answers": []})
    second = pdf_module.render_pdf("documents/receipt.html", {"title": "Two", "answers": []})

    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert len(used) == 2
    assert used[0] is not None and used[0] is used[1]


def test_each_thread_keeps_its_own_font_configuration() -> None:
    here = pdf_module.font_configuration()
    assert pdf_module.font_configuration() is here
    elsewhere: list[Any] = []
    thread = threading.Thread(target=lambda: elsewhere.append(pdf_module.font_configuration()))
    thread.start()
    thread.join()
    assert elsewhere[0] is not None and elsewhere[0] is not here
