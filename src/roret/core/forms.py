"""Form helpers that give Django widgets the classes and ARIA wiring of DKFDS."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_INPUT_CLASS = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Textarea: "form-input",
}


class DesignSystemFormMixin:
    """Adds DKFDS classes, and links hints and errors to inputs for screen readers."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (cls for kind, cls in _INPUT_CLASS.items() if isinstance(widget, kind)),
                "form-input",
            )
            widget.attrs["class"] = " ".join(filter(None, [widget.attrs.get("class"), css]))
            auto_id = self[name].auto_id  # type: ignore[index]
            if field.help_text and auto_id:
                widget.attrs["aria-describedby"] = f"{auto_id}_hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "_errors", {}) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                auto_id = self[name].auto_id  # type: ignore[index]
                widget.attrs["aria-invalid"] = "true"
                described = [widget.attrs.get("aria-describedby", ""), f"{auto_id}_error"]
                widget.attrs["aria-describedby"] = " ".join(filter(None, described))


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it,
    otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
