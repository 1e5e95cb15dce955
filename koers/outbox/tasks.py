"""The task that delivers one outgoing message (run by ``manage.py db_worker`` in
production, in-process right after commit in the embedded default)."""

from django_tasks import task

from . import services


@task()
def deliver_message(message_id: int) -> str:
    return services.deliver(message_id)
