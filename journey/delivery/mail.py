"""A report as an e-mail with its file attached, sent through the configured mail server."""

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from journey.config.settings import SmtpSettings
from journey.errors import JourneyError


class MailError(JourneyError):
    """The mail server could not be reached or refused the message; nothing was sent."""


def report_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachment: bytes,
    file_name: str,
    media_type: str,
) -> EmailMessage:
    """A plain-text e-mail with the report attached."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> "))
    message.set_content(body)
    main, sub = media_type.split("/", 1)
    message.add_attachment(attachment, maintype=main, subtype=sub, filename=file_name)
    return message


def send_mail(smtp: SmtpSettings, message: EmailMessage, *, timeout: float = 60) -> list[str]:
    """Hand the message to the mail server (TLS as configured, signing in when a user is set).

    Returns the addresses the server refused while taking the message for the others (when it
    refuses every one, nothing was sent and MailError says why).
    """
    where = f"mail server {smtp.host}:{smtp.port}"
    try:
        context = ssl.create_default_context()
        client = (
            smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
            if smtp.tls == "ssl"
            else smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        )
        with client:
            if smtp.tls == "starttls":
                client.starttls(context=context)
            if smtp.user:
                client.login(smtp.user, smtp.password)
            refused = client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{where}: {error}") from None
    return sorted(refused)
