from django.contrib.auth.forms import AuthenticationForm

from roret.core.forms import DesignSystemFormMixin


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    pass
