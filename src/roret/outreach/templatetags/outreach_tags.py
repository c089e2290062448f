"""The outreach section of the citizen overview (people's page, which cannot import this
app): the citizen comes from the overview's own need-to-know check and log entry."""

from __future__ import annotations

from typing import Any

from django import template

from roret.outreach.selectors import citizen_section

register = template.Library()


@register.inclusion_tag("outreach/_citizen_section.html", takes_context=True)
def outreach_citizen_section(context: Any, citizen: Any) -> dict[str, Any]:
    section = citizen_section(user=context["request"].user, citizen=citizen)
    return {"section": section, "citizen": citizen, "csrf_token": context.get("csrf_token")}
