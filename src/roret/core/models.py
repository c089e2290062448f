"""Abstract model pieces every app may use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row that staff edit from forms: the version the form was read at travels with the
    form, and a write whose version is no longer the row's is refused instead of silently
    overwriting a colleague's change (``roret.people.writes``)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
