"""Journey definitions and their editing: journeys, stages, touchpoints, personas, notes."""
