from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from roret.core.forms import DesignSystemFormMixin


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    pass


class TokenForm(DesignSystemFormMixin, forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code appears every 30 seconds."),
        regex=r"^\s*\d{6,8}\s*$",
        error_messages={"invalid": _("Enter the six digits from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()
