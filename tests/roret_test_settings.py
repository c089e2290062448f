"""Settings for the test suite: production settings with http, fast hashing and test keys."""

import base64
import os
import tempfile

os.environ.setdefault("RORET_SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("RORET_HTTPS", "0")
os.environ.setdefault("RORET_VAR_DIR", tempfile.mkdtemp(prefix="roret-test-"))
# Fixed, obviously synthetic keys so that test runs are reproducible.
os.environ.setdefault("RORET_CPR_ENCRYPTION_KEY", base64.b64encode(b"E" * 32).decode())
os.environ.setdefault("RORET_CPR_INDEX_KEY", base64.b64encode(b"I" * 32).decode())

from roret.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The live server for browser tests serves static files through WhiteNoise's finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
