"""`send-due`: every report that is due, made and e-mailed, each exactly once per period.

Run it every hour (cron or a systemd timer). A report is due when its latest scheduled day
(journey.delivery.schedule) has come and no delivery for that day is recorded. Before making a
report the run *claims* its delivery with a row that the database keeps unique per
subscription and day, so two runs at once cannot both send it; the row is marked sent once the
mail server has taken the message, and removed again if making or sending failed, so the next
run tries again. A claim left behind by a run that died is taken over after an hour.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from journey.catalog.subscriptions import FILE_NAMES, describe_schedule, filters_from
from journey.config.settings import Settings
from journey.delivery.mail import report_message, send_mail
from journey.delivery.schedule import due_day
from journey.errors import JourneyError
from journey.formatting import plural
from journey.render.exports import file_name
from journey.render.formats import REPORT_FORMATS
from journey.render.report import report_file
from journey.store.models import Delivery, Journey, Subscription

CLAIM_EXPIRES = timedelta(hours=1)


class DeliveryFailed(JourneyError):
    """Some reports could not be made or sent; they are tried again on the next run."""


def utc_now() -> datetime:
    """The time now (the tests freeze it)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Due:
    """One report to send: a subscription and the scheduled day it is for."""

    subscription: Subscription
    journey: str
    due_on: date

    def describe(self) -> str:
        sub = self.subscription
        schedule = describe_schedule(sub.frequency, sub.day)
        return (
            f"{self.journey} ({FILE_NAMES[sub.format]}, {schedule}, for {self.due_on}) "
            f"to {', '.join(sub.recipients)}"
        )


@dataclass
class Outcome:
    """What a run did: reports sent, reports that failed (and why), addresses refused."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _aware(moment: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; they were stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def due_reports(*, engine: Engine, now: datetime) -> list[Due]:
    """The reports due now: scheduled day come, not sent, not being sent by another run."""
    with Session(engine) as session:
        rows = session.execute(
            select(Subscription, col(Journey.name))
            .join(Journey, col(Journey.id) == col(Subscription.journey_id))
            .order_by(col(Subscription.id))
        ).all()
        taken = {
            (delivery.subscription_id, delivery.due_on): delivery
            for delivery in session.scalars(select(Delivery))
        }
    found = []
    for subscription, journey in rows:
        day = due_day(
            subscription.frequency,
            subscription.day,
            today=now.date(),
            since=_aware(subscription.created_at).date(),
        )
        if day is None:
            continue
        delivery = taken.get((subscription.id, day))
        if delivery is not None and (
            delivery.sent_at is not None or _aware(delivery.claimed_at) > now - CLAIM_EXPIRES
        ):
            continue
        found.append(Due(subscription, str(journey), day))
    return found


def _claim(engine: Engine, due: Due, now: datetime) -> int | None:
    """Take the delivery on for this run; None when another run has it."""
    subscription_id = due.subscription.id
    assert subscription_id is not None
    with Session(engine) as session:
        try:
            delivery = Delivery(subscription_id=subscription_id, due_on=due.due_on, claimed_at=now)
            session.add(delivery)
            session.commit()
            return delivery.id
        except IntegrityError:
            session.rollback()
        # A claim is there: take it over only if it was abandoned (and nobody beat us to it).
        abandoned = session.execute(
            update(Delivery)
            .where(
                col(Delivery.subscription_id) == subscription_id,
                col(Delivery.due_on) == due.due_on,
                col(Delivery.sent_at).is_(None),
                col(Delivery.claimed_at) <= now - CLAIM_EXPIRES,
            )
            .values(claimed_at=now)
            .returning(col(Delivery.id))
        ).scalar_one_or_none()
        session.commit()
        return abandoned


def send_due(*, engine: Engine, settings: Settings, dry_run: bool = False) -> Outcome:
    """Make and e-mail every report due now (`utc_now`); record each one sent.

    DeliveryFailed (after trying every report) names those that could not be made or sent.
    """
    moment = utc_now()
    outcome = Outcome()
    due = due_reports(engine=engine, now=moment)
    if dry_run:
        outcome.sent = [f"due: {report.describe()}" for report in due]
        return outcome
    if due and settings.smtp is None:
        raise DeliveryFailed(
            f"{plural(len(due), 'report')} due, but no mail server is set: add [smtp] to the "
            "settings file (see README, 'Reports by e-mail')"
        )
    for report in due:
        claimed = _claim(engine, report, moment)
        if claimed is None:
            continue
        try:
            refused, name, size = _send(engine, settings, report, moment)
        except JourneyError as error:
            with Session(engine) as session:
                session.execute(delete(Delivery).where(col(Delivery.id) == claimed))
                session.commit()
            outcome.failed.append(f"{report.describe()}: {error}")
            continue
        with Session(engine) as session:
            session.execute(
                update(Delivery)
                .where(col(Delivery.id) == claimed)
                .values(
                    sent_at=utc_now(),
                    recipients=", ".join(report.subscription.recipients),
                    file_name=name,
                    size=size,
                )
            )
            session.commit()
        outcome.sent.append(f"sent: {report.describe()}")
        outcome.refused += refused
    if outcome.failed:
        raise DeliveryFailed(
            f"{plural(len(outcome.failed), 'report')} not sent (tried again next run): "
            + "; ".join(outcome.failed)
            + (f". Sent: {'; '.join(outcome.sent)}" if outcome.sent else "")
        )
    return outcome


def _send(
    engine: Engine, settings: Settings, report: Due, now: datetime
) -> tuple[list[str], str, int]:
    """Make the report and mail it; return the refused addresses, the file's name and size."""
    assert settings.smtp is not None
    subscription = report.subscription
    filters = filters_from(subscription.filters)
    content = report_file(
        engine=engine,
        journey_id=subscription.journey_id,
        filters=filters,
        form=subscription.format,
        privacy_k=settings.privacy_k,
        privacy_k_comments=settings.privacy_k_comments,
        now=now,
    )
    name = file_name(
        report.journey,
        *filters.personas,
        *filters.waves,
        "report",
        extension=subscription.format,
        on=report.due_on,
    )
    schedule = describe_schedule(subscription.frequency, subscription.day)
    message = report_message(
        sender=settings.smtp.sender,
        recipients=subscription.recipients,
        subject=f"{report.journey}: journey report for {report.due_on:%d %B %Y}",
        body=(
            f"The {subscription.frequency} report of {report.journey} is attached "
            f"({FILE_NAMES[subscription.format]}: {name}).\n\n"
            f"Figures under: {filters.describe()}.\n"
            f"Made {now:%Y-%m-%d %H:%M} UTC from the data at that time.\n\n"
            f"You receive it {schedule} because an editor of Journey Lens subscribed you; "
            "to stop it, ask them to delete the subscription on the Subscriptions page.\n"
        ),
        attachment=content,
        file_name=name,
        media_type=REPORT_FORMATS[subscription.format],
    )
    return send_mail(settings.smtp, message), name, len(content)
