from django.db import models

from koers.privacy.fields import EncryptedCharField, EncryptedTextField


class Secret(models.Model):
    """A row with one encrypted text, one encrypted short text and one plain label."""

    label = models.CharField(max_length=40)
    note = EncryptedTextField(blank=True)
    work_name = EncryptedCharField(max_length=80, blank=True, null=True)

    def __str__(self) -> str:
        return self.label
