"""Production settings plus what only the benchmark needs.

Everything comes from ``roret.settings`` (DEBUG off, the production middleware); this adds
the bare reference page's URL and the middleware that reports each request's SQL query count
in a response header. Neither is part of the product.

One more difference: static file URLs are not hashed from a manifest. The benchmark loads
pages, not their CSS and scripts, and the manifest would need a ``collectstatic`` run into
the benchmark's own directory first for no change in what is measured.
"""

from __future__ import annotations

from roret.settings import *  # noqa: F403
from roret.settings import MIDDLEWARE, STORAGES

ROOT_URLCONF = "bench.urls"
# First, so that it counts every query of the request, the session's and the access log's too.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
