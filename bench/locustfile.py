"""One page under load: the simulated staff users (``-u 8``) load it back to back.

The harness passes the page in the environment (BENCH_TARGET: JSON of name, path, method,
form data and cookies). FastHttpUser keeps the load generator's own CPU use low, which
matters when it shares two cores with the server. Redirects are not followed: a redirect
(to the login, say) is an error here, as is every answer but 200.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlencode

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

TARGET = json.loads(os.environ.get("BENCH_TARGET") or "{}")


class StaffUser(FastHttpUser):
    # No think time: each user sends its next request as soon as the last is answered.
    wait_time = constant(0)

    @task
    def load(self) -> None:
        cookies = "; ".join(f"{k}={v}" for k, v in TARGET.get("cookies", {}).items())
        headers = {"Cookie": cookies}
        body = None
        if TARGET.get("method", "GET") == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(TARGET.get("data", {}))
        with self.client.request(
            TARGET.get("method", "GET"),
            TARGET["path"],
            data=body,
            headers=headers,
            name=TARGET.get("name", TARGET["path"]),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                response.success()
