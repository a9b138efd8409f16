"""Deployment settings and who may change data."""
