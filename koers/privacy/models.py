"""The secret behind the cell-key method's record keys (see ``koers.privacy.publishing``).

One row, written once on first use and never changed: if it changed, every published
number would change and an analyst could compare the old and new noise.
"""

from django.db import models


class CellKeySecret(models.Model):
    seed = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cell-key secret"

    def __str__(self) -> str:
        return f"cell-key secret of {self.created_at:%Y-%m-%d}"
