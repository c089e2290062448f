"""The access log of every use of citizen data, its hash chain, and retention rules.

The log tables are append-only: database triggers (migration 0002) refuse UPDATE and DELETE,
except DELETE during the privileged retention purge in ``services.purge_expired_access_log``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.fields import staff_user
from roret.core.fields import foreign_key
from roret.organisation.models import Department

# The record type of the access log in RetentionRule; other apps register their own types.
ACCESS_LOG_RECORD_TYPE = "audit.accesslogentry"

# Logs of the use of personal data must be kept at least 6 months (Danish data protection
# practice); the municipality may choose longer, never shorter.
MINIMUM_KEEP_DAYS = {ACCESS_LOG_RECORD_TYPE: 183}


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only table."""


class AppendOnlyModel(models.Model):
    """Refuses changes in Python too, so a mistake fails before it reaches the trigger."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self._meta.label} rows are append-only.")


class AccessLogEntry(AppendOnlyModel):
    """One use of personal data: who, through which department, when, what, and why."""

    # A context keeps these labels apart from Django admin's "Change", "Search", etc.,
    # whose catalogue would otherwise win.
    class Action(models.TextChoices):
        VIEW = "view", pgettext_lazy("access log action", "Look-up")
        SEARCH = "search", pgettext_lazy("access log action", "Search")
        CREATE = "create", pgettext_lazy("access log action", "Creation")
        UPDATE = "update", pgettext_lazy("access log action", "Change")
        EXPORT = "export", pgettext_lazy("access log action", "Export")
        DELETE = "delete", pgettext_lazy("access log action", "Deletion")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = staff_user(
        _("staff user"),
        optional=True,
        help_text=_("Empty for actions the system performs by itself."),
    )
    actor_department = foreign_key(
        Department,
        _("department"),
        optional=True,
        help_text=_("The department the access was made through; the citizen sees this."),
    )
    # Not a foreign key: the log must outlive the citizen's record and never cascade.
    citizen_id = models.BigIntegerField(_("citizen id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    purpose = models.TextField(_("purpose"))
    criterion = models.TextField(_("search criterion"), blank=True)
    # Refused attempts are logged too: trying to reach data without a reason is itself
    # something the municipality must be able to find.
    granted = models.BooleanField(_("access granted"), default=True)

    class Meta:
        # The (citizen_id, at) index also serves lookups by citizen_id alone, so citizen_id
        # has no index of its own: every extra index slows the busiest insert in the system.
        indexes = [models.Index(fields=["citizen_id", "at"], name="audit_entry_citizen_at")]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.object_id}"


class Seal(AppendOnlyModel):
    """One run of sealing: the chain positions it added and the chain's head hash after it."""

    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)
    # Entries logged up to this time were eligible; the next seal looks back from here.
    through = models.DateTimeField(_("entries logged up to"))
    first_position = models.BigIntegerField(_("first position"))
    last_position = models.BigIntegerField(_("last position"), unique=True)
    count = models.PositiveIntegerField(_("number of entries"))
    head_hash = models.CharField(_("head hash"), max_length=64)

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")

    def __str__(self) -> str:
        return f"{self.first_position}-{self.last_position} {self.head_hash[:12]}"


class ChainLink(AppendOnlyModel):
    """An entry's place in the hash chain.

    ``entry_id`` is a plain integer, not a foreign key, so that a link outlives a deleted
    entry and verification can name the entry that is gone.
    """

    entry_id = models.BigIntegerField(_("entry id"), unique=True)
    position = models.BigIntegerField(_("position"), unique=True)
    # Stored so that verification can start at the oldest link left after a purge.
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")

    def __str__(self) -> str:
        return f"{self.position}: {self.entry_id}"


class ChainAnchor(AppendOnlyModel):
    """Where the chain starts after a purge removed its oldest links."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    position = models.BigIntegerField(_("position"), unique=True)
    hash = models.CharField(_("hash"), max_length=64)
    purge_entry_id = models.BigIntegerField(_("purge log entry id"))

    class Meta:
        verbose_name = _("chain anchor")
        verbose_name_plural = _("chain anchors")

    def __str__(self) -> str:
        return f"{self.position} {self.hash[:12]}"


class RetentionRule(models.Model):
    """How long the records of one type are kept; the municipality edits these."""

    record_type = models.CharField(
        _("record type"),
        max_length=100,
        unique=True,
        help_text=_('The app label and model name, e.g. "audit.accesslogentry".'),
    )
    keep_days = models.PositiveIntegerField(_("keep for (days)"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["record_type"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return self.record_type

    def clean(self) -> None:
        minimum = MINIMUM_KEEP_DAYS.get(self.record_type)
        if minimum is not None and self.keep_days is not None and self.keep_days < minimum:
            raise ValidationError(
                {
                    "keep_days": _("Records of this type must be kept at least %(days)d days.")
                    % {"days": minimum}
                }
            )
