"""Access-matrix entries for the login steps (format: tests/access_matrix.py)."""

from __future__ import annotations

from tests.access_matrix import PAGE, PUBLIC, Route

ROUTES = [
    Route("login", PUBLIC),
    # The second-factor steps are for users who have given only a password; a verified user
    # is sent on, and a user who already has a device is sent from enrolment to verification.
    Route("otp_verify", PAGE, ok=(302,), second_factor=False, unverified_ok=(200,)),
    Route("otp_setup", PAGE, ok=(302,), second_factor=False, unverified_ok=(302,)),
    Route("logout", PAGE, method="post", ok=(302,), second_factor=False),
]
