"""The periodic jobs Koers needs, in one list, so one cron line or systemd timer runs them all.

Each job is an existing management command that is safe to run as often as the most
frequent one needs (hourly): each only acts on what is due. Keeping the list here, rather
than a line per command in each server's crontab, means a new scheduled job reaches every
installation with the code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    command: str
    why: str


JOBS: tuple[Job, ...] = (
    Job("send_outcome_reminders", "open due questionnaire waves, send reminders, call tasks"),
    Job("expire_safety_warnings", "unpublish expired warnings, anonymise old reports"),
    Job("purge_contact_requests", "delete contact requests past their retention period"),
    Job("run_activity_jobs", "remind registrations a day ahead, delete them after the activity"),
    Job("clearsessions", "delete expired login sessions"),
    Job("prune_account_records", "drop old recovery attempts, reset codes, ended sessions"),
)
