"""Forms name the help and error texts the templates actually render.

Django (5.0+) gives every input with a help text ``aria-describedby="<id>_helptext"``, but
Koers's field templates (``accounts/_field.html``, ``contact/_field.html``, the
self-check's and the questionnaire's) give their help text the id ``<id>_help`` and the
error list ``<id>_error``: screen readers looked for an element that did not exist and
never read the help. This renderer's bound field names the ids the templates use.
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class DescribedBoundField(BoundField):
    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_help")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


class FormRenderer(DjangoTemplates):
    bound_field_class = DescribedBoundField
