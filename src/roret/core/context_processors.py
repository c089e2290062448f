from typing import Any

from django.conf import settings
from django.http import HttpRequest


def roret(request: HttpRequest) -> dict[str, Any]:
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
    }
