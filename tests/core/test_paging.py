"""The one paging mechanism: bad input never fails, a page past the end is the last page,
links keep the other parameters, one count and one page of rows whatever the data."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from roret.core.paging import (
    DEFAULT_SIZE,
    PAGES_COUNTED_AHEAD,
    FilterForm,
    page_request,
    paginate,
    period_fields,
)
from roret.organisation.models import Department


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("", 1),
        ("0", 1),
        ("-2", 1),
        ("abc", 1),
        ("2.5", 1),
        ("1e3", 1),
        ("٣", 1),  # an Arabic-Indic digit is a digit to str.isdigit, not a page
        ("9" * 40, 1),
        (" 3 ", 3),
        ("3", 3),
    ],
)
def test_a_bad_page_number_gives_page_one(raw: str, number: int) -> None:
    assert page_request(QueryDict(f"page={raw}")).number == number


@pytest.mark.parametrize(
    ("raw", "size"), [("", 50), ("7", 50), ("x", 50), ("25", 25), ("100", 100)]
)
def test_only_the_offered_sizes_are_taken(raw: str, size: int) -> None:
    assert page_request(QueryDict(f"size={raw}")).size == size


def test_a_prefix_keeps_two_lists_apart() -> None:
    params = QueryDict("referrals_page=3&running_page=2&running_size=25&offer=4")
    referrals = page_request(params, prefix="referrals")
    running = page_request(params, prefix="running")
    assert (referrals.number, referrals.size) == (3, DEFAULT_SIZE)
    assert (running.number, running.size) == (2, 25)
    # Moving one list keeps the other's place and the filter.
    assert referrals.url(number=4) == "?running_page=2&running_size=25&offer=4&referrals_page=4"
    # A new size starts the list again on its first page.
    assert running.url(size=100) == "?referrals_page=3&offer=4&running_size=100"


def test_links_keep_repeated_parameters_and_leave_out_page_one() -> None:
    request = page_request(QueryDict("status=a&status=b&page=2"))
    assert request.url(number=1) == "?status=a&status=b"
    assert request.url(number=3) == "?status=a&status=b&page=3"


@pytest.mark.django_db
def test_a_page_is_one_count_and_one_query_and_past_the_end_is_the_last_page() -> None:
    for i in range(7):
        Department.objects.create(name=f"Afdeling {i:02}")
    queryset = Department.objects.filter(name__startswith="Afdeling").order_by("name")
    request = page_request(QueryDict("page=99"), sizes=(3,), default_size=3)
    with CaptureQueriesContext(connection) as queries:
        pager = paginate(queryset, request)
    assert len(queries.captured_queries) == 2
    assert (pager.number, pager.num_pages, pager.total) == (3, 3, 7)
    assert [d.name for d in pager] == ["Afdeling 06"]
    assert (pager.start_index, pager.end_index) == (7, 7)
    assert pager.has_previous and not pager.has_next
    assert [link.number for link in pager.links] == [1, 2, 3]
    assert pager.previous_url == "?size=3&page=2"


@pytest.mark.django_db
def test_an_empty_list_runs_the_same_queries_and_a_given_count_saves_one() -> None:
    empty = Department.objects.filter(name="nobody").order_by("id")
    with CaptureQueriesContext(connection) as queries:
        pager = paginate(empty, page_request(QueryDict()))
    assert len(queries.captured_queries) == 2
    assert (pager.total, pager.num_pages, pager.start_index, bool(pager)) == (0, 1, 0, False)
    with CaptureQueriesContext(connection) as queries:
        paginate(empty, page_request(QueryDict()), count=0)
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db
def test_a_long_list_is_counted_only_some_pages_ahead_and_says_more_than() -> None:
    Department.objects.bulk_create(Department(name=f"Afdeling {i:03}") for i in range(100))
    queryset = Department.objects.filter(name__startswith="Afdeling").order_by("name")
    request = page_request(QueryDict("page=2"), sizes=(3,), default_size=3)
    with CaptureQueriesContext(connection) as queries:
        pager = paginate(queryset, request)
    assert len(queries.captured_queries) == 2
    # Counted up to PAGES_COUNTED_AHEAD pages past page 2: 12 pages of 3, not all 100 rows.
    assert (pager.exact, pager.total) == (False, (2 + PAGES_COUNTED_AHEAD) * 3)
    assert [d.name for d in pager] == ["Afdeling 003", "Afdeling 004", "Afdeling 005"]
    assert pager.has_next
    # The last page is not known: the links end in a gap after the pages near this one.
    assert [link.number for link in pager.links] == [1, 2, 3, 4, None]
    with translation.override("da"):
        assert pager.total_shown == "flere end 36"
        shown = render_to_string("core/_pager.html", {"pager": pager, "label": "Afdelinger"})
    assert "Viser 4–6 af flere end 36" in shown
    assert "Side 2</span>" in shown and 'rel="next"' in shown
    far = paginate(queryset, page_request(QueryDict("page=8"), sizes=(3,), default_size=3))
    assert not far.exact
    assert [link.number for link in far.links] == [1, None, 6, 7, 8, 9, 10, None]
    # A page near the end of a list within the bound is counted exactly.
    near_end = paginate(queryset, page_request(QueryDict("page=30"), sizes=(3,), default_size=3))
    assert (near_end.exact, near_end.total, near_end.num_pages) == (True, 100, 34)
    assert near_end.total_shown == "100"


def test_many_pages_are_elided_around_the_current_one() -> None:
    pager = paginate(list(range(1000)), page_request(QueryDict("page=20&size=25")))
    numbers = [link.number for link in pager.links]
    assert numbers == [1, None, 18, 19, 20, 21, 22, None, 40]
    assert [link.current for link in pager.links].index(True) == 4
    assert pager.rows[0] == 475
    assert pager.map(str).rows[0] == "475"


class _Filters(FilterForm):
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("all", "All")], required=False, initial="open"
    )
    start, end = period_fields()


def test_a_filter_form_is_unbound_without_its_fields_and_keeps_other_parameters() -> None:
    form = _Filters(QueryDict("size=25&page=3&running_page=2"))
    assert not form.is_bound
    assert form.values() == {"status": "open", "start": None, "end": None}
    # The list's own page and every other list's page start again; the size stays.
    assert form.kept_params == [("size", "25")]


def test_a_bad_filter_value_counts_as_no_filter() -> None:
    form = _Filters(QueryDict("status=nonsense&start=2026-01-10&end=2026-01-01"))
    assert form.values() == {
        "status": "open",
        "start": datetime.date(2026, 1, 10),
        "end": None,
    }
    assert set(form.errors) == {"status", "end"}
    assert "Status: " not in form.describe()
