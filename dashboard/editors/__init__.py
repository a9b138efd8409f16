"""The editing pages' forms: journeys, stages, touchpoints, personas, notes, uploads."""
