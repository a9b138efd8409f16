"""Colours and marks that read for colour-blind viewers (Okabe–Ito) and on a projector."""

# Okabe & Ito (2008), the qualitative palette safe for the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

EXPECTATION_COLOURS = {"below": "#D55E00", "meets": "#BBBBBB", "exceeds": "#0072B2"}
EXPECTATION_LABELS = {
    "below": "Below expectations",
    "meets": "Meets expectations",
    "exceeds": "Exceeds expectations",
}

# Peaks and valleys differ in shape and label as well as colour, so colour is never alone.
# marker name: (point shape, point colour, label colour: darker, for text contrast)
MARKERS = {
    "Peak": ("triangle-up", "#009E73", "#006B4F"),
    "Valley": ("triangle-down", "#D55E00", "#A34400"),
    "Stage": ("circle", "#0072B2", "#333333"),
    "Low sample": ("square", "#8C8C8C", "#555555"),
}
MARKER_LABELS = {"Peak": "▲ Peak", "Valley": "▼ Valley", "Stage": "", "Low sample": "low sample"}
PERSONA_SHAPES = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "triangle-down",
    "wedge",
    "stroke",
)
PERSONA_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 0], [6, 3], [2, 2], [8, 3, 2, 3])
DIVERGING = ("#D55E00", "#F7F7F7", "#0072B2")
TARGET_COLOUR = "#000000"

FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"

# Channels as short coloured tags on the journey map; other channels are grey.
CHANNEL_COLOURS = {
    "web": "#0072B2",
    "app": "#CC79A7",
    "email": "#8A6100",
    "sms": "#8A6100",
    "call centre": "#D55E00",
    "phone": "#D55E00",
    "chat": "#D55E00",
    "store": "#009E73",
    "in person": "#009E73",
    "in home": "#009E73",
    "social": "#56B4E9",
    "word of mouth": "#555555",
}
OTHER_CHANNEL = "#666666"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 … 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (no black on dark blue)."""
    black, white = contrast("#000000", background), contrast("#FFFFFF", background)
    return "#000000" if black >= white else "#FFFFFF"
