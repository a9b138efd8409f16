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
