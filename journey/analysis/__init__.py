"""The figures: KPIs, curves, significance, drivers, privacy (no drawing here)."""
