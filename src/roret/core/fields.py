"""Field declarations every app writes the same way, written once. Each returns a plain
Django field, so migrations see the same field as if it were written out.

``foreign_key`` protects the row it points at unless told otherwise, has no reverse accessor
unless it names one, and an optional reference is null in the database and blank in forms.
``decimal_from`` is a decimal number (an amount, hours) with the smallest value it takes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from django.core.validators import MinValueValidator
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


def decimal_from(
    verbose_name: StrOrPromise, minimum: str, *, max_digits: int, decimal_places: int
) -> models.DecimalField[str | float | Decimal | Combinable, Decimal]:
    """``decimal_from(_("amount (kr.)"), "0.01", max_digits=10, decimal_places=2)``."""
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=decimal_places,
        validators=[MinValueValidator(Decimal(minimum))],
    )
