"""An organisation is the unit of access: staff see only their own organisation's records.

It is also the HSDS *organization* of the support directory: participating organisations
have staff in Koers and maintain their own services; general partners may have no staff
and are then maintained by a site administrator or imported from another directory.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SPECIALISED = "specialised", _("specialised sex-work organisation")
    GENERAL_PARTNER = "general_partner", _("general partner")
    MUNICIPALITY = "municipality", _("municipality")
    CONFIDENTIAL_ADVISER = "confidential_adviser", _("confidential-adviser service")
    NATIONAL = "national", _("ministry or research institute")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    regions = models.ManyToManyField(
        "regions.Region", related_name="organisations", blank=True, verbose_name=_("regions served")
    )
    is_national = models.BooleanField(
        _("works nationally"), default=False, help_text=_("Serves people from every region.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    hsds_id = models.UUIDField(
        _("HSDS identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
