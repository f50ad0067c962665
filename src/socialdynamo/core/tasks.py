from django_tasks import task

from .mail import data_to_message, delivery_connection


@task()
def deliver_email(data: dict) -> int:
    """Hand one message, queued by ``TaskQueueEmailBackend``, to the real mail server."""
    with delivery_connection() as connection:
        return data_to_message(data, connection=connection).send()
