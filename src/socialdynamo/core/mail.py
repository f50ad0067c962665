"""E-mail goes through the task queue.

``TaskQueueEmailBackend`` is Django's ``EMAIL_BACKEND``: it turns each message into plain
data and enqueues :func:`socialdynamo.core.tasks.deliver_email`, which hands it to
``EMAIL_DELIVERY_BACKEND`` (SMTP in production, the console in development). A slow or
failing mail server never slows or breaks a page.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def message_to_data(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [
            [name, content if isinstance(content, str) else content.decode("latin-1"), mimetype]
            for name, content, mimetype in (
                a for a in message.attachments if isinstance(a, tuple | list)
            )
        ],
    }


def data_to_message(data: dict, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data.get("cc") or None,
        bcc=data.get("bcc") or None,
        reply_to=data.get("reply_to") or None,
        headers=data.get("headers") or None,
        connection=connection,
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data.get("attachments", []):
        message.attach(name, content, mimetype)
    return message


def delivery_connection():
    return get_connection(backend=settings.EMAIL_DELIVERY_BACKEND)


class TaskQueueEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import deliver_email

        count = 0
        for message in email_messages:
            data = message_to_data(message)
            transaction.on_commit(lambda data=data: deliver_email.enqueue(data))
            count += 1
        return count


def send_templated_mail(*, to: list[str], template: str, context: dict, language: str = "el"):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send.

    Call inside the writing service's transaction: the message leaves after commit.
    """
    with translation.override(language):
        context = {"hub_name": settings.HUB_NAME, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.send()
