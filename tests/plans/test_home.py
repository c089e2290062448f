"""Plans' home block: the coordinator's agreements overdue or due this week, in the plans
they coordinate, of citizens they may see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roret.plans.home import coordinator_block
from roret.plans.models import Agreement
from tests.factories import DepartmentFactory, UserFactory

from .factories import agreement, plan_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_the_coordinator_sees_overdue_and_this_weeks_agreements_most_overdue_first() -> None:
    department = DepartmentFactory.create()
    coordinator = UserFactory.create(roles=["coordinator"], departments=[department])
    plan = plan_for(department=department, coordinator=coordinator)
    late = agreement(plan, due_on=TODAY - 3 * DAY)
    due = agreement(plan, due_on=TODAY)
    agreement(plan, due_on=TODAY + 30 * DAY)  # later
    agreement(plan, due_on=TODAY - 2 * DAY, status=Agreement.Status.KEPT, resolved_on=TODAY)
    agreement(plan_for(department=department), due_on=TODAY - DAY)  # a colleague's plan
    unseen = plan_for(department=department, coordinator=coordinator, linked=False)
    agreement(unseen, due_on=TODAY - 5 * DAY)  # the citizen is not visible
    section = coordinator_block(user=coordinator)
    assert section is not None and section.reads
    result = section.context["due"]
    assert [a.pk for a in result.agreements] == [late.pk, due.pk]
    assert (result.overdue_total, result.due_this_week_total) == (1, 1)


@pytest.mark.parametrize("roles", [["caseworker"], ["provider_staff"], ["manager"]])
def test_other_roles_get_no_agreements_block(roles: list[str]) -> None:
    user = UserFactory.create(roles=roles, departments=[DepartmentFactory()])
    assert coordinator_block(user=user) is None
