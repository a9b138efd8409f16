"""Scheduled reports by e-mail: what is due, sending it, and recording what was sent."""
