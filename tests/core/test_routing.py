"""The routes declared on views (roret.core.routing) are what the URL configuration serves."""

from __future__ import annotations

import types

from django.urls import resolve, reverse

from roret.core.routing import route, routes


def _module() -> types.ModuleType:
    module = types.ModuleType("roret_test_views")

    @route("<int:pk>/")
    def detail(request: object, pk: int) -> None:
        return None

    @route("ny/", name="create")
    def new(request: object) -> None:
        return None

    def helper() -> None:
        return None

    module.detail = detail  # type: ignore[attr-defined]
    module.new = new  # type: ignore[attr-defined]
    module.alias = detail  # type: ignore[attr-defined]
    module.helper = helper  # type: ignore[attr-defined]
    # A view made by a factory is named by the module's name for it.
    module.made = route("lavet/")(lambda request: None)  # type: ignore[attr-defined]
    return module


def test_routes_are_collected_in_definition_order_with_their_names() -> None:
    patterns = routes(_module())

    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("<int:pk>/", "detail"),
        ("ny/", "create"),
        ("lavet/", "made"),
    ]


def test_an_app_route_resolves_to_its_view() -> None:
    url = reverse("people:citizen_edit", args=[7])

    assert url == "/borgere/7/rediger/"
    assert resolve(url).view_name == "people:citizen_edit"
