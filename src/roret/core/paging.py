"""Paging and filters for every list that can grow: one mechanism, used by every list page.

A view reads the list's place from the URL with ``page_request(request.GET, prefix=)`` (a bad
``page`` or ``size`` gives page 1 or the default size, a page past the end the last page:
never an error) and its filters with a ``FilterForm`` (GET, so a filtered list can be
bookmarked; an invalid value shows its error and counts as no filter). The selector applies
both on top of its need-to-know queryset and calls ``paginate(queryset, request)``: one
count and one page of rows, whatever the data. The count comes from the same filtered
queryset as the rows, and stops a few pages past the one shown (``PAGES_COUNTED_AHEAD``):
counting all of a team's thousands of applications cost more than the page itself at a
large municipality's size, and told the user nothing they could act on — past the bound
the list says "more than" and keeps its *Next* link. Templates include
``core/_filter_form.html`` and ``core/_pager.html``; every link the pager draws keeps the
other GET parameters (the filters, another list's page), and a filter change starts the
list on page 1 again.

Several lists on one page each take a ``prefix`` (``referrals`` gives ``referrals_page`` and
``referrals_size``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin, clean_period

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")
U = TypeVar("U")

PAGE_SIZES = (25, 50, 100)
DEFAULT_SIZE = 50
# How many pages past the one shown a list's count looks: enough to draw the links near it.
PAGES_COUNTED_AHEAD = 10
# A page number longer than this is not a page anyone reached by following links.
_MAX_DIGITS = 9


def _key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}" if prefix else name


def _positive_int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_DIGITS:
        return None
    value = int(raw)
    return value if value >= 1 else None


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list the URL asks for, and the URL's other parameters (kept in the
    pager's links)."""

    number: int = 1
    size: int = DEFAULT_SIZE
    prefix: str = ""
    sizes: tuple[int, ...] = PAGE_SIZES
    params: tuple[tuple[str, str], ...] = ()

    @property
    def page_key(self) -> str:
        return _key(self.prefix, "page")

    @property
    def size_key(self) -> str:
        return _key(self.prefix, "size")

    def url(self, *, number: int | None = None, size: int | None = None) -> str:
        """The query string of this list at ``number`` (and ``size``), keeping every other
        parameter; page 1 and the default size are left out of the URL."""
        query = QueryDict(mutable=True)
        for key, value in self.params:
            if key not in (self.page_key, self.size_key):
                query.appendlist(key, value)
        size = self.size if size is None else size
        if size != DEFAULT_SIZE:
            query[self.size_key] = str(size)
        if number is not None and number > 1:
            query[self.page_key] = str(number)
        return f"?{query.urlencode()}" if query else "?"


def page_request(
    params: Mapping[str, Any] | QueryDict,
    *,
    prefix: str = "",
    sizes: Sequence[int] = PAGE_SIZES,
    default_size: int = DEFAULT_SIZE,
) -> PageRequest:
    """Read ``page`` and ``size`` (with the prefix) from GET parameters. A missing, malformed
    or out-of-range value gives page 1 or ``default_size``; a page past the end is clamped by
    ``paginate``."""
    if isinstance(params, QueryDict):
        pairs = tuple((key, value) for key, values in params.lists() for value in values)
    else:
        pairs = tuple((str(key), str(value)) for key, value in params.items())
    lookup = dict(pairs)
    number = _positive_int(lookup.get(_key(prefix, "page"))) or 1
    size = _positive_int(lookup.get(_key(prefix, "size")))
    return PageRequest(
        number=number,
        size=size if size is not None and size in sizes else default_size,
        prefix=prefix,
        sizes=tuple(sizes),
        params=pairs,
    )


def page_requests(
    params: Mapping[str, Any] | QueryDict, names: Iterable[str]
) -> dict[str, PageRequest]:
    """The place of each of a page's several lists, by its prefix."""
    return {name: page_request(params, prefix=name) for name in names}


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap between distant pages
    url: str
    current: bool


@dataclass(frozen=True)
class Pager(Generic[T]):
    """One page of a list: its rows, where it is, how many there are in all — or, where the
    count stopped at its bound (``exact`` false), at least how many."""

    rows: list[T]
    number: int
    num_pages: int
    total: int
    request: PageRequest
    links: tuple[PageLink, ...] = ()
    exact: bool = True

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> T:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def size(self) -> int:
        return self.request.size

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages or not self.exact

    @property
    def total_shown(self) -> str:
        """The count as the page says it: ``1234``, or ``more than 550`` past the bound."""
        if self.exact:
            return str(self.total)
        return gettext("more than %(count)s") % {"count": self.total}

    @property
    def is_paged(self) -> bool:
        """More than one page: the pager is drawn."""
        return self.num_pages > 1

    @property
    def first_url(self) -> str:
        return self.request.url(number=1)

    @property
    def previous_url(self) -> str:
        return self.request.url(number=self.number - 1)

    @property
    def next_url(self) -> str:
        return self.request.url(number=self.number + 1)

    @property
    def last_url(self) -> str:
        return self.request.url(number=self.num_pages)

    @property
    def size_links(self) -> list[PageLink]:
        """The page-size choice: each size from the first page, keeping the filters."""
        return [
            PageLink(number=size, url=self.request.url(size=size), current=size == self.size)
            for size in self.request.sizes
        ]

    @property
    def shows_size_choice(self) -> bool:
        return self.total > min(self.request.sizes, default=self.total)

    def map(self, make: Callable[[T], U]) -> Pager[U]:
        """The same page with each row made into something else (a row with its marks)."""
        return Pager(
            rows=[make(row) for row in self.rows],
            number=self.number,
            num_pages=self.num_pages,
            total=self.total,
            request=self.request,
            links=self.links,
            exact=self.exact,
        )


def paginate(
    rows: QuerySet[Any] | Sequence[Any], request: PageRequest, *, count: int | None = None
) -> Pager[Any]:
    """One page of ``rows``, an ordered queryset (or rows already in memory): one COUNT
    (skipped when ``count``, computed from the same filtered queryset, is given), bounded at
    ``PAGES_COUNTED_AHEAD`` pages past the one asked for, and one query for the page. A page
    past the end shows the last page."""
    exact = True
    if count is None and isinstance(rows, QuerySet):
        bound = (request.number + PAGES_COUNTED_AHEAD) * request.size
        # Unordered, so PostgreSQL may stop at the bound instead of sorting every row first.
        count = rows.order_by()[: bound + 1].count()
        if count > bound:
            count, exact = bound, False
    paginator = Paginator(rows, request.size)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    number = min(request.number, paginator.num_pages)
    bottom = (number - 1) * request.size
    values: list[Any] = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    if not exact:
        # The last page is not known: the links end in a gap after the pages near this one.
        while values and not (isinstance(values[-1], int) and values[-1] <= number + 2):
            values.pop()
        values.append(Paginator.ELLIPSIS)
    links = tuple(
        PageLink(
            number=value if isinstance(value, int) else None,
            url=request.url(number=value) if isinstance(value, int) else "",
            current=value == number,
        )
        for value in values
    )
    return Pager(
        # Sliced by hand, not through paginator.page(), so that an empty list runs its
        # query too and the page's query count does not depend on the data.
        rows=list(rows[bottom : bottom + request.size]),
        number=number,
        num_pages=paginator.num_pages,
        total=paginator.count,
        request=request,
        links=links,
        exact=exact,
    )


# Filters ------------------------------------------------------------------------------------


class FilterForm(DesignSystemFormMixin, forms.Form):
    """A list's filters, read from GET parameters so a filtered list can be bookmarked.

    Bound only when the URL carries one of its fields (so a fresh page shows the defaults);
    ``values()`` gives each valid field's value and, for a field with a bad value, its
    initial value: a bad filter shows its error and filters nothing, never a 500.
    ``kept_params`` are the URL's other parameters (a page size, another list's page, the
    list's own page excluded) carried as hidden fields so filtering keeps them."""

    # Parameters of pages this form's submit starts again from page 1.
    page_keys: tuple[str, ...] = ("page",)

    def __init__(self, params: QueryDict | None = None, **kwargs: Any) -> None:
        params = params if params is not None else QueryDict()
        self.params = params
        bound = any(name in params for name in self.base_fields)
        super().__init__(params if bound else None, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in self.fields and "end" in self.fields:
            clean_period(self, data)
        return data

    def values(self) -> dict[str, Any]:
        initial = {name: self.get_initial_for_field(f, name) for name, f in self.fields.items()}
        if not self.is_bound or not self.is_valid():
            cleaned = getattr(self, "cleaned_data", {}) if self.is_bound else {}
            return {
                name: cleaned[name] if name in cleaned and name not in self.errors else value
                for name, value in initial.items()
            }
        return {
            name: value if value not in (None, "") else initial[name]
            for name, value in self.cleaned_data.items()
        }

    @property
    def kept_params(self) -> list[tuple[str, str]]:
        own = set(self.fields) | set(self.page_keys)
        return [
            (key, value)
            for key, values in self.params.lists()
            for value in values
            if key not in own and not key.endswith("_page") and key != "page"
        ]

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            self.params.get(name) not in (None, "") for name in self.fields
        )

    def describe(self, names: Iterable[str] | None = None) -> str:
        """The filters in use, for a list's access-log criterion (``label: value; ...``)."""
        values = self.values()
        with override("da"):
            return "; ".join(self._described(values, names))

    def _described(self, values: dict[str, Any], names: Iterable[str] | None) -> list[str]:
        parts = []
        for name in names or self.fields:
            value = values.get(name)
            if value in (None, "", [], ()):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            parts.append(f"{field.label}: {value}")
        return parts


_FROM, _TO = _("From"), _("To")


def period_fields(
    start_label: StrOrPromise = _FROM, end_label: StrOrPromise = _TO
) -> tuple[forms.DateField, forms.DateField]:
    """A filter's period, declared ``start, end = period_fields(...)`` in a ``FilterForm``
    (whose ``clean`` checks the order). Both optional."""
    return (
        forms.DateField(label=start_label, required=False, widget=DATE_WIDGET),
        forms.DateField(label=end_label, required=False, widget=DATE_WIDGET),
    )
