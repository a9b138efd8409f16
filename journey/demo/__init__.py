"""The demo data set and the sample survey exports, built deterministically."""
