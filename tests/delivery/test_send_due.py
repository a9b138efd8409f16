"""`send-due` against a real SMTP server (aiosmtpd) started by the test, with a frozen clock."""

import email
import io
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pptx import Presentation
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.subscriptions import add_subscription
from journey.cli import main
from journey.delivery import send
from journey.delivery.schedule import due_day, scheduled_day
from journey.store.db import make_engine
from journey.store.filters import Filters
from journey.store.models import Delivery
from tests.factories import journey_id

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
# The test server asks for a password over plain SMTP on the loopback; aiosmtpd warns.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


class Inbox:
    """An SMTP server's handler that keeps what it is given, and who signed in."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login.decode(), data.password.decode()))
        # handled=False: the server answers a wrong password with 535 itself.
        return AuthResult(success=data.password == b"s3cret", handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Inbox]:
    """A local SMTP server (sign-in required), and settings pointing at it."""
    handler = Inbox()
    port = free_port()
    server = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=handler.authenticate,
        auth_required=True,
        auth_require_tls=False,  # a test server on the loopback: no certificate to offer
    )
    server.start()
    settings = tmp_path / "journey.toml"
    settings.write_text(
        "[smtp]\n"
        f'host = "127.0.0.1"\nport = {port}\ntls = "none"\n'
        'user = "reports"\nsender = "Journey Lens <reports@example.org>"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    monkeypatch.setenv("JOURNEY_SMTP_PASSWORD", "s3cret")
    yield handler
    server.stop()


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = MONDAY
        monkeypatch.setattr(send, "utc_now", lambda: self.now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def database(demo_copy: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{demo_copy}"
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


def run(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", url, "send-due"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def attachment(message: EmailMessage) -> tuple[str, str, bytes]:
    (part,) = list(message.iter_attachments())
    return str(part.get_filename()), part.get_content_type(), part.get_payload(decode=True)  # type: ignore[return-value]


def deliveries(engine: Engine) -> list[tuple[int, date]]:
    with Session(engine) as session:
        rows = session.execute(
            select(col(Delivery.subscription_id), col(Delivery.due_on)).order_by(col(Delivery.id))
        ).all()
    return [(int(a), b) for a, b in rows]


def test_due_reports_arrive_once_with_their_file(
    database: tuple[str, Engine], inbox: Inbox, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    url, engine = database
    weekly = add_subscription(
        engine=engine,
        journey_id=journey_id(engine, "First purchase"),
        filters=Filters(personas=("Tech enthusiast",)),
        form="html",
        recipients="ana@example.org; li@example.org",
        frequency="weekly",
        day=0,  # Mondays
        created_at=MONDAY - timedelta(days=7),
    )
    monthly = add_subscription(
        engine=engine,
        journey_id=journey_id(engine, "Support case"),
        filters=Filters(),
        form="pptx",
        recipients="board@example.org",
        frequency="monthly",
        day=31,  # the last day of every month
        created_at=MONDAY - timedelta(days=7),
    )

    code, said = run(url, capsys)  # Monday 23 November, 07:00
    assert code == 0, said
    assert len(inbox.messages) == 1
    assert inbox.logins == [("reports", "s3cret")]  # the password came from the environment
    message = inbox.messages[0]
    assert message["To"] == "ana@example.org, li@example.org"
    assert message["From"] == "Journey Lens <reports@example.org>"
    assert message["Subject"] == "First purchase: journey report for 23 November 2026"
    assert inbox.envelopes[0] == ("reports@example.org", ["ana@example.org", "li@example.org"])
    name, kind, content = attachment(message)
    assert (name, kind) == ("First-purchase-Tech-enthusiast-report-2026-11-23.html", "text/html")
    html = content.decode("utf-8")
    assert "personas: Tech enthusiast" in html and "<svg" in html
    assert (
        "Figures under: personas: Tech enthusiast; all waves." in message.get_body().get_content()
    )  # type: ignore[union-attr]
    assert said.startswith(
        "sent: First purchase (HTML (works offline), every Monday, for 2026-11-23)"
    )

    for later in (timedelta(0), timedelta(hours=1), timedelta(days=6, hours=16)):  # to Sunday
        clock.now = MONDAY + later
        assert run(url, capsys) == (0, "nothing due\n")
    assert len(inbox.messages) == 1  # the second run, and every run that week, sent nothing

    clock.now = datetime(2026, 11, 30, 0, 5, tzinfo=UTC)  # Monday 30 November: both are due
    assert run(url, capsys)[0] == 0
    assert [m["Subject"] for m in inbox.messages[1:]] == [
        "First purchase: journey report for 30 November 2026",
        "Support case: journey report for 30 November 2026",  # day 31 → 30 in November
    ]
    name, kind, content = attachment(inbox.messages[2])
    assert name == "Support-case-report-2026-11-30.pptx"
    assert kind == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert Presentation(io.BytesIO(content)).slides[0].shapes.title.text == (  # type: ignore[union-attr]
        "Support case: journey review"
    )
    assert deliveries(engine) == [
        (weekly, date(2026, 11, 23)), (weekly, date(2026, 11, 30)), (monthly, date(2026, 11, 30)),
    ]  # fmt: skip


def test_missed_periods_are_caught_up_once(
    database: tuple[str, Engine], inbox: Inbox, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    url, engine = database
    add_subscription(
        engine=engine,
        journey_id=journey_id(engine, "Contract renewal"),
        filters=Filters(),
        form="html",
        recipients="ana@example.org",
        frequency="weekly",
        day=0,
        created_at=MONDAY,
    )
    assert run(url, capsys)[0] == 0
    # The machine was off for three weeks: Mondays 30 Nov, 7 and 14 Dec were missed.
    clock.now = datetime(2026, 12, 16, 10, 0, tzinfo=UTC)  # a Wednesday
    assert run(url, capsys)[0] == 0
    assert run(url, capsys) == (0, "nothing due\n")
    assert [m["Subject"] for m in inbox.messages] == [
        "Contract renewal: journey report for 23 November 2026",
        "Contract renewal: journey report for 14 December 2026",  # the latest period, once
    ]


def test_a_report_that_could_not_be_sent_is_sent_by_the_next_run(
    database: tuple[str, Engine], inbox: Inbox, clock: Clock, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    url, engine = database
    add_subscription(
        engine=engine,
        journey_id=journey_id(engine, "Contract renewal"),
        filters=Filters(),
        form="html",
        recipients="ana@example.org",
        frequency="monthly",
        day=23,
        created_at=MONDAY,
    )
    monkeypatch.setenv("JOURNEY_SMTP_PASSWORD", "wrong")
    code, said = run(url, capsys)
    assert code == 2
    assert "1 report not sent (tried again next run): Contract renewal" in said
    assert "Authentication" in said or "535" in said
    assert deliveries(engine) == [] and inbox.messages == []

    monkeypatch.setenv("JOURNEY_SMTP_PASSWORD", "s3cret")
    clock.now += timedelta(hours=1)
    assert run(url, capsys)[0] == 0
    assert len(inbox.messages) == 1


def test_nothing_is_owed_for_days_before_the_subscription(
    database: tuple[str, Engine], inbox: Inbox, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    url, engine = database
    add_subscription(
        engine=engine, journey_id=journey_id(engine, "Support case"), filters=Filters(),
        form="html", recipients="ana@example.org", frequency="weekly", day=0,
        created_at=MONDAY + timedelta(hours=3),  # made later on the day it is due: still due
    )  # fmt: skip
    add_subscription(
        engine=engine, journey_id=journey_id(engine, "Support case"), filters=Filters(),
        form="html", recipients="li@example.org", frequency="monthly", day=1,
        created_at=MONDAY,  # 1 November is before it was made: its first report is 1 December
    )  # fmt: skip
    clock.now = MONDAY + timedelta(hours=4)
    assert run(url, capsys)[0] == 0
    assert [m["To"] for m in inbox.messages] == ["ana@example.org"]


def test_two_runs_at_once_send_a_report_once(database: tuple[str, Engine], clock: Clock) -> None:
    _, engine = database
    add_subscription(
        engine=engine, journey_id=1, filters=Filters(), form="html",
        recipients="ana@example.org", frequency="weekly", day=0, created_at=MONDAY,
    )  # fmt: skip
    (due,) = send.due_reports(engine=engine, now=MONDAY)
    first = send._claim(engine, due, MONDAY)
    assert first is not None
    assert send._claim(engine, due, MONDAY) is None  # the other run finds it taken
    assert send.due_reports(engine=engine, now=MONDAY + timedelta(minutes=30)) == []
    # A run that died with the claim is taken over after an hour, by one run only.
    later = MONDAY + send.CLAIM_EXPIRES
    assert [d.due_on for d in send.due_reports(engine=engine, now=later)] == [MONDAY.date()]
    assert send._claim(engine, due, later) == first
    assert send._claim(engine, due, later) is None
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Delivery)).scalar_one() == 1


def test_due_without_a_mail_server_says_what_to_set(
    database: tuple[str, Engine], clock: Clock, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    url, engine = database
    monkeypatch.setenv("JOURNEY_SETTINGS", str(tmp_path / "absent.toml"))
    add_subscription(
        engine=engine, journey_id=1, filters=Filters(), form="html",
        recipients="ana@example.org", frequency="weekly", day=0, created_at=MONDAY,
    )  # fmt: skip
    code, said = run(url, capsys)
    assert code == 2 and "1 report due, but no mail server is set: add [smtp]" in said
    assert deliveries(engine) == []


@pytest.mark.parametrize(
    ("frequency", "day", "today", "expected"),
    [
        ("weekly", 0, date(2026, 11, 23), date(2026, 11, 23)),  # a Monday, on the day
        ("weekly", 0, date(2026, 11, 29), date(2026, 11, 23)),  # the Sunday after
        ("weekly", 6, date(2026, 11, 23), date(2026, 11, 22)),  # Sundays: the day before
        ("weekly", 2, date(2026, 1, 1), date(2025, 12, 31)),  # across a year
        ("monthly", 1, date(2026, 11, 23), date(2026, 11, 1)),
        ("monthly", 31, date(2026, 11, 23), date(2026, 10, 31)),
        ("monthly", 31, date(2026, 11, 30), date(2026, 11, 30)),  # the month's last day
        ("monthly", 30, date(2026, 3, 1), date(2026, 2, 28)),
        ("monthly", 29, date(2028, 2, 29), date(2028, 2, 29)),  # a leap year
        ("monthly", 15, date(2026, 1, 10), date(2025, 12, 15)),
    ],
)
def test_the_scheduled_day(frequency: str, day: int, today: date, expected: date) -> None:
    assert scheduled_day(frequency, day, today) == expected
    assert due_day(frequency, day, today=today, since=expected) == expected
    assert due_day(frequency, day, today=today, since=expected + timedelta(days=1)) is None


@pytest.mark.slow
def test_a_weekly_pdf_arrives(
    database: tuple[str, Engine], inbox: Inbox, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    url, engine = database
    add_subscription(
        engine=engine, journey_id=1, filters=Filters(), form="pdf",
        recipients="stakeholder@example.org", frequency="weekly", day=0, created_at=MONDAY,
    )  # fmt: skip
    assert run(url, capsys)[0] == 0
    name, kind, content = attachment(inbox.messages[0])
    assert (name, kind) == ("First-purchase-report-2026-11-23.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
