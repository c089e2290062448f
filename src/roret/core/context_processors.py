from typing import Any

from django.conf import settings
from django.http import HttpRequest

from roret.core.navigation import main_menu


def roret(request: HttpRequest) -> dict[str, Any]:
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "main_menu": main_menu(request),
    }
