"""The call's documents and its frequently asked questions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socialtech.i18n import localise
from socialtech.tenancy.models import TenantOwnedModel


class CallDocument(TenantOwnedModel):
    """A downloadable document of a call: the guide for applicants, templates."""

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="documents", verbose_name=_("call")
    )
    title = models.JSONField(_("title"), default=dict)
    file = models.FileField(_("file"), upload_to="calls/documents/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return localise(self.title) or self.original_name


class CallQuestion(TenantOwnedModel):
    """A frequently asked question with its answer."""

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="faq", verbose_name=_("call")
    )
    question = models.JSONField(_("question"), default=dict)
    answer = models.JSONField(_("answer"), default=dict)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return localise(self.question)
