"""Problem details (RFC 9457) for API answers about authentication and access."""

from __future__ import annotations

from django.http import JsonResponse

API_PATH_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PATH_PREFIX)


def problem_response(*, status: int, title: str, detail: str = "") -> JsonResponse:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    if status == 401:
        # RFC 9110 requires a challenge with 401; the API uses the staff login session.
        response["WWW-Authenticate"] = 'Session realm="roret"'
    return response
