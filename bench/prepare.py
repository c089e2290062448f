"""Resolves every benchmark page against a seeded database and logs its user in.

Run inside Django (``python -m bench.prepare``, DJANGO_SETTINGS_MODULE=bench.settings);
prints one JSON object per page: path, method, form data and the cookies to send.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.pages import Page


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    method: str
    data: dict[str, str]
    cookies: dict[str, str]


def resolve(pages: list[Page]) -> list[Target]:
    from django.conf import settings

    from bench.sessions import csrf_secret, verified_session
    from roret.accounts.models import User

    targets = []
    for page in pages:
        user = User.objects.get(username=page.username)
        login = verified_session(user)
        cookies = {login.session_cookie: login.session_key}
        data = dict(page.data(user))
        if page.method == "POST":
            token = csrf_secret()
            cookies[settings.CSRF_COOKIE_NAME] = token
            data["csrfmiddlewaretoken"] = token
        targets.append(
            Target(
                name=page.name,
                path=page.path(user),
                method=page.method,
                data=data,
                cookies=cookies,
            )
        )
    return targets


def main() -> None:
    import django

    django.setup()
    from bench.pages import PAGES, REFERENCE_PAGE

    targets = resolve([*PAGES, REFERENCE_PAGE])
    payload: list[dict[str, Any]] = [asdict(t) for t in targets]
    json.dump(payload, sys.stdout)


if __name__ == "__main__":
    main()
