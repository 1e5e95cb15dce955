"""The periodic jobs Koers needs, in one list, so one scheduler runs them all.

Each job is an existing management command that only acts on what is due, with how often it
is due (``every_minutes``). ``koers.scheduling.runner`` runs each job at most once per slot
of that length across every host (a ``JobRun`` row per slot, unique in the database), so
running the scheduler — or the hourly cron line — on several hosts at once is safe. Keeping
the list here, rather than a line per command in each server's crontab, means a new
scheduled job reaches every installation with the code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    command: str
    why: str
    every_minutes: int = 60


JOBS: tuple[Job, ...] = (
    Job("send_outcome_reminders", "open due questionnaire waves, send reminders, call tasks"),
    Job("expire_safety_warnings", "unpublish expired warnings, anonymise old reports"),
    Job("purge_contact_requests", "delete contact requests past their retention period"),
    Job("run_activity_jobs", "remind registrations a day ahead, delete them after the activity"),
    Job("clearsessions", "delete expired login sessions"),
    Job("notify_overdue_contacts", "tell contact persons about contacts that became overdue"),
    Job("send_notice_digests", "the daily mail with counts of unread notices (opt-in)"),
    Job("prune_account_records", "drop old recovery attempts, reset codes, ended sessions"),
    Job("redeliver_messages", "resend outgoing messages that wait or were abandoned", 1),
    # Last: anchors the chain after every other job has written its audit entries.
    Job("audit_checkpoint", "anchor the audit chain's head outside the database"),
)
