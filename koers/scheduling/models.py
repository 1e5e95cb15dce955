"""``JobRun``: one row per periodic job per time slot; its uniqueness is the lock.

Whoever inserts the row for (job, slot) runs the job; every other host, process or cron
line that tries the same slot gets an ``IntegrityError`` and skips it. The database
decides, so this holds however many hosts run the scheduler, without a lock server.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text=_("start of the period this run is for"))
    host = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    output = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot")
        ]
        ordering = ["-slot", "job"]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
