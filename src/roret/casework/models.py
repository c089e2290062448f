"""Casework: the catalogue of legal bases (more to come: standards, applications, decisions)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.Model):
    """A paragraph of the law (e.g. "SEL § 85") as data the municipality edits."""

    law = models.CharField(_("law"), max_length=20, default="SEL", help_text=_("e.g. SEL"))
    paragraph = models.CharField(_("paragraph"), max_length=20, help_text=_("e.g. 85 or 82a"))
    title = models.CharField(_("title"), max_length=300)
    requires_decision = models.BooleanField(_("requires a decision"), default=True)
    can_be_appealed = models.BooleanField(_("can be appealed"), default=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "law", "paragraph"]
        constraints = [
            models.UniqueConstraint(fields=["law", "paragraph"], name="legal_basis_unique")
        ]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.law} § {self.paragraph}"

    @property
    def label(self) -> str:
        return f"{self} – {self.title}"
