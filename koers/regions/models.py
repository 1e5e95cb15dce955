"""DUUP regions (one per lead municipality) and the municipalities that belong to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A DUUP region, named after its lead municipality (*centrumgemeente*)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A Dutch municipality; every municipality belongs to exactly one region."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    is_lead = models.BooleanField(_("lead municipality"), default=False)
    cbs_code = models.CharField(_("CBS code"), max_length=6, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(is_lead=True), name="one_lead_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A lead municipality defines its region: it cannot be moved to another one."""
        if self.pk is None or not self.region_id:
            return
        stored = Municipality.objects.filter(pk=self.pk).values("region_id", "is_lead").first()
        if stored and stored["is_lead"] and stored["region_id"] != self.region_id:
            raise ValidationError(
                {"region": _("A lead municipality cannot be moved to another region.")}
            )
