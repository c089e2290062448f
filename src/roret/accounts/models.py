"""Staff users, their memberships of departments and teams, and their roles."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from roret.core.models import Named
from roret.organisation.models import Department, Team


class Role(Named):
    """A role an administrator assigns. Permission predicates refer to roles by ``code``."""

    # The codes the code base knows; the rows themselves are data (see migration 0002).
    CASEWORKER = "caseworker"
    COORDINATOR = "coordinator"
    OUTREACH_WORKER = "outreach_worker"
    PROVIDER_STAFF = "provider_staff"
    TEAM_LEADER = "team_leader"
    MANAGER = "manager"
    FINANCE = "finance"
    ADMINISTRATOR = "administrator"

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(Named.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class User(AbstractUser):
    departments = models.ManyToManyField(
        Department, blank=True, related_name="members", verbose_name=_("departments")
    )
    teams = models.ManyToManyField(
        Team, blank=True, related_name="members", verbose_name=_("teams")
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("roles"))

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    # Cached per request-scoped user object: permission checks ask these many times a page,
    # and every page asks all three, so they come in one query.
    @cached_property
    def _memberships(self) -> dict[str, frozenset[str]]:
        key = models.CharField()
        rows = (
            User.roles.through.objects.filter(user_id=self.pk)
            .values_list(models.Value("role", output_field=key), "role__code")
            .union(
                User.departments.through.objects.filter(user_id=self.pk).values_list(
                    models.Value("department", output_field=key),
                    Cast("department_id", output_field=key),
                ),
                User.teams.through.objects.filter(user_id=self.pk).values_list(
                    models.Value("team", output_field=key), Cast("team_id", output_field=key)
                ),
                all=True,
            )
        )
        found: dict[str, set[str]] = {"role": set(), "department": set(), "team": set()}
        for kind, value in rows:
            found[kind].add(value)
        return {kind: frozenset(values) for kind, values in found.items()}

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        # A refreshed user is read again with its memberships too.
        for cached in ("_memberships", "role_codes", "department_ids", "team_ids"):
            self.__dict__.pop(cached, None)
        super().refresh_from_db(*args, **kwargs)

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return self._memberships["role"]

    @cached_property
    def department_ids(self) -> frozenset[int]:
        return frozenset(int(pk) for pk in self._memberships["department"])

    @cached_property
    def team_ids(self) -> frozenset[int]:
        return frozenset(int(pk) for pk in self._memberships["team"])

    def __str__(self) -> str:
        # Colleagues know each other by name; the login name only where no name is kept.
        return self.get_full_name() or self.username

    def has_role(self, code: str) -> bool:
        return self.is_active and code in self.role_codes
