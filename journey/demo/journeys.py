"""The demo's three journeys: stages, touchpoints, and how each persona feels there."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStage:
    name: str
    goal: str
    touchpoints: tuple[tuple[str, str], ...]
    mean: float  # true mean on the 1–5 scale in the first wave
    persona_shift: tuple[float, float, float, float] = (0, 0, 0, 0)
    wave_trend: float = 0.0  # change per wave
    target: float | None = None  # future-state target emotion (−1 … +1)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoJourney:
    name: str
    description: str
    prefix: str
    respondents_per_wave: int
    stages: tuple[DemoStage, ...]
    notes: tuple[tuple[str | None, str, str, str], ...]  # stage, kind, text, author
    future: str | None = None  # name of its future-state journey, if any


FIRST_PURCHASE = DemoJourney(
    name="First purchase",
    description="From first hearing of us to the first bill, for new home-broadband customers.",
    prefix="FP",
    respondents_per_wave=1000,
    future="First purchase (future state)",
    stages=(
        DemoStage(
            "Discover",
            "Learn that we serve their street and what it costs.",
            (("Search ad", "web"), ("Friend's recommendation", "word of mouth")),
            3.6,
            target=0.4,
            comments=("Saw the ad, the price looked fair.",),
        ),
        DemoStage(
            "Compare plans",
            "Choose the right speed without feeling tricked.",
            (("Plan comparison page", "web"), ("Price comparison site", "web")),
            3.0,
            (0.1, -0.35, 0.3, -0.4),
            target=0.3,
            comments=("Too many plans, what is the difference?", "The comparison table helped."),
        ),
        DemoStage(
            "Order",
            "Order in one sitting and know what happens next.",
            (("Online checkout", "web"), ("Sales call", "call centre")),
            3.9,
            (0.1, 0.0, 0.2, -0.45),
            target=0.6,
            comments=("Checkout took two minutes.", "The sales agent was patient."),
        ),
        DemoStage(
            "Book installation",
            "Get a slot that fits their week.",
            (("Booking email", "email"), ("Scheduling app", "app")),
            2.5,
            (-0.55, -0.1, -0.2, 0.05),
            wave_trend=0.2,
            target=0.3,
            comments=("Only all-day slots, three weeks out.", "Had to rebook twice."),
        ),
        DemoStage(
            "Installation day",
            "A technician who arrives on time and finishes the job.",
            (("Technician visit", "in person"), ("Arrival SMS", "sms")),
            3.5,
            (0.0, 0.1, -0.1, 0.3),
            target=0.5,
            comments=("Technician was friendly and tidy.", "Nobody came until 5 pm."),
        ),
        DemoStage(
            "Get connected",
            "Every device online the same evening.",
            (("Router setup", "in home"), ("Setup app", "app")),
            3.8,
            (0.1, 0.0, 0.45, -0.8),
            target=0.6,
            comments=("The app walked me through it.", "I could not find the Wi-Fi password."),
        ),
        DemoStage(
            "First bill",
            "A bill that matches the price they were sold.",
            (("Bill email", "email"), ("Account portal", "web")),
            2.6,
            (-0.1, -0.7, 0.0, -0.2),
            wave_trend=-0.1,
            target=0.2,
            comments=("Why is there an activation fee?", "First bill was higher than quoted."),
        ),
    ),
    notes=(
        (
            None,
            "insight",
            "Installation booking is the valley every persona shares; it colours "
            "the whole first month.",
            "Maya (CX research)",
        ),
        (
            "Book installation",
            "pain point",
            "Only all-day slots are offered in the app; half-day slots exist but only by phone.",
            "Jonas (field operations)",
        ),
        (
            "Book installation",
            "opportunity",
            "Offer two-hour windows and self-service rebooking in the app.",
            "Maya (CX research)",
        ),
        (
            "First bill",
            "pain point",
            "The one-off activation fee is on the bill but not on the order confirmation.",
            "Lena (billing)",
        ),
        (
            "First bill",
            "opportunity",
            "Show the first bill, fees included, on the order confirmation page.",
            "Lena (billing)",
        ),
        (
            "Get connected",
            "insight",
            "Senior first-timers call us within 48 hours when the setup app is their only help.",
            "Ahmed (support)",
        ),
        (
            "Order",
            "comment",
            "Checkout redesign shipped in Q4 2025; scores held since.",
            "Maya (CX research)",
        ),
    ),
)


SUPPORT_CASE = DemoJourney(
    name="Support case",
    description="A customer with a broken or slow connection, from noticing it to the follow-up.",
    prefix="SC",
    respondents_per_wave=600,
    stages=(
        DemoStage(
            "Notice a problem",
            "Understand whether it is us, their Wi-Fi or an outage.",
            (("Status page", "web"), ("Outage SMS", "sms")),
            2.4,
            (-0.1, 0.0, 0.3, -0.2),
        ),
        DemoStage(
            "Search for help",
            "Find an answer without calling.",
            (("Help centre", "web"), ("Community forum", "web")),
            2.9,
            (0.0, 0.1, 0.4, -0.6),
            comments=("The help article was out of date.", "Forum answer fixed it."),
        ),
        DemoStage(
            "Contact support",
            "Reach someone who can help, quickly.",
            (("Chat", "chat"), ("Phone line", "call centre")),
            2.2,
            (-0.4, 0.0, -0.3, 0.2),
            wave_trend=0.15,
            comments=("45 minutes on hold.", "Chat agent answered within a minute."),
        ),
        DemoStage(
            "Diagnosis",
            "Hear what is wrong, in words they understand.",
            (("Remote line test", "call centre"),),
            3.1,
            (0.0, 0.0, -0.5, 0.1),
            comments=("They made me restart the router three times.",),
        ),
        DemoStage(
            "Resolution",
            "Have it fixed, for good, at a time that suits them.",
            (("Engineer visit", "in person"), ("Replacement router", "post")),
            3.7,
            (0.1, 0.1, 0.1, 0.2),
            comments=("Engineer fixed the line in 20 minutes.",),
        ),
        DemoStage(
            "Follow-up",
            "Be asked whether it is really fixed.",
            (("Follow-up email", "email"),),
            3.3,
            (0.0, 0.0, -0.1, 0.0),
        ),
    ),
    notes=(
        (
            "Contact support",
            "pain point",
            "Phone wait times peak on Monday mornings after weekend outages.",
            "Ahmed (support)",
        ),
        (
            "Contact support",
            "opportunity",
            "Proactive outage SMS with an estimated fix time would remove a third of calls.",
            "Ahmed (support)",
        ),
        (
            "Diagnosis",
            "insight",
            "Tech enthusiasts have already done the scripted checks; let them skip the script.",
            "Maya (CX research)",
        ),
    ),
)


RENEWAL = DemoJourney(
    name="Contract renewal",
    description="The end of the minimum term: the offer, the negotiation and the decision.",
    prefix="CR",
    respondents_per_wave=400,
    stages=(
        DemoStage(
            "Renewal reminder",
            "Know the term is ending and what happens next.",
            (("Reminder email", "email"), ("Letter", "post")),
            3.2,
            (0.0, -0.2, 0.1, 0.2),
        ),
        DemoStage(
            "Review the offer",
            "See the new price next to what they pay today.",
            (("Account portal", "web"),),
            2.6,
            (0.0, -0.5, 0.1, -0.3),
            comments=("The new price is 40% more, for the same speed.",),
        ),
        DemoStage(
            "Ask for a better deal",
            "Get a fair price without threatening to leave.",
            (("Retention call", "call centre"), ("Chat", "chat")),
            2.3,
            (-0.2, -0.3, 0.0, 0.1),
            wave_trend=0.1,
            comments=("Only got a discount after saying I would cancel.",),
        ),
        DemoStage(
            "Decide",
            "Feel sure the choice was right.",
            (("Price comparison site", "web"),),
            3.0,
            (0.0, -0.1, 0.2, 0.0),
        ),
        DemoStage(
            "Confirm renewal",
            "Get the new terms in writing.",
            (("Confirmation email", "email"),),
            3.8,
            (0.1, 0.0, 0.0, 0.1),
        ),
    ),
    notes=(
        (
            "Ask for a better deal",
            "pain point",
            "Loyal customers get the best price only by threatening to cancel.",
            "Lena (billing)",
        ),
        (
            "Review the offer",
            "opportunity",
            "Show a loyalty price in the reminder itself.",
            "Lena (billing)",
        ),
    ),
)


JOURNEYS = (FIRST_PURCHASE, SUPPORT_CASE, RENEWAL)
