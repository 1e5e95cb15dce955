"""The outbox: every mail and SMS Koers sends waits here until a task delivers it.

Why an outbox table rather than sending from the request (as before): a message is now
written in the same transaction as what caused it (a published warning, a reminder), so it
exists exactly when that exists; it is sent by a task *after* the commit, so no transaction
(and no lock, such as the audit chain's) waits for an SMS gateway; and its row is the record
of what happened to it — queued, sending, sent, failed or uncertain — for an administrator.
See docs/decisions/0001-task-queue.md for the guarantees.
"""
