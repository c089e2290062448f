"""Writes about staff accounts: enrolling and verifying the second factor, resetting it."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from roret.accounts.auth_log import log_second_factor
from roret.accounts.models import Role, User
from roret.accounts.selectors import has_confirmed_totp, pending_totp_device

DEVICE_NAME = "Authenticator"
# Roles the code base refers to by code (see Role); administrators may add others.
BUILT_IN_ROLE_CODES = frozenset(
    {
        Role.CASEWORKER,
        Role.COORDINATOR,
        Role.OUTREACH_WORKER,
        Role.PROVIDER_STAFF,
        Role.TEAM_LEADER,
        Role.MANAGER,
        Role.FINANCE,
        Role.ADMINISTRATOR,
    }
)


def _mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)
    # The session now carries more privilege than before: give it a new key.
    request.session.cycle_key()


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The device the user is enrolling; the same one on every call until it is confirmed."""
    if has_confirmed_totp(user):
        raise ValueError("The user has a confirmed device; an administrator must reset it first.")
    device = pending_totp_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirms the device with a first code from the app and verifies this session with it."""
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise ValueError("Only the user's own pending device can be confirmed.")
    verified = bool(device.verify_token(token))
    log_second_factor(user=user, request=request, succeeded=verified, what="TOTP enrolment")
    if verified:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _mark_verified(request, device)
    return verified


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Checks a code against the user's confirmed devices and marks the session verified."""
    user = request.user
    device = match_token(user, token)
    verified = isinstance(device, TOTPDevice)
    log_second_factor(user=user, request=request, succeeded=verified, what="Two-factor code")
    if isinstance(device, TOTPDevice):
        _mark_verified(request, device)
    return verified


@transaction.atomic
def two_factor_reset(*, user: User) -> int:
    """Removes the user's devices; the user enrols a new one at the next login."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
