"""Field declarations every app writes the same way, written once.

``foreign_key`` returns a plain ``models.ForeignKey`` (migrations see the same field): it
protects the row it points at unless told otherwise, has no reverse accessor unless it names
one, and an optional reference is null in the database and blank in forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from django.db import models

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable
    from django_stubs_ext import StrOrPromise

_M = TypeVar("_M", bound=models.Model)


@overload
def foreign_key(
    to: type[_M],
    verbose_name: StrOrPromise | None = ...,
    *,
    related_name: str | None = ...,
    optional: Literal[False] = ...,
    on_delete: Any = ...,
    help_text: StrOrPromise = ...,
) -> models.ForeignKey[_M | Combinable, _M]: ...


@overload
def foreign_key(
    to: type[_M],
    verbose_name: StrOrPromise | None = ...,
    *,
    related_name: str | None = ...,
    optional: Literal[True],
    on_delete: Any = ...,
    help_text: StrOrPromise = ...,
) -> models.ForeignKey[_M | Combinable | None, _M | None]: ...


@overload
def foreign_key(
    to: str,
    verbose_name: StrOrPromise | None = ...,
    *,
    related_name: str | None = ...,
    optional: bool = ...,
    on_delete: Any = ...,
    help_text: StrOrPromise = ...,
) -> models.ForeignKey[Any, Any]: ...


def foreign_key(
    to: type[models.Model] | str,
    verbose_name: StrOrPromise | None = None,
    *,
    related_name: str | None = "+",
    optional: bool = False,
    on_delete: Any = models.PROTECT,
    help_text: StrOrPromise = "",
) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=optional,
        blank=optional,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
    )
