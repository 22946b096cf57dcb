"""Rashomon: one conflict, many accounts."""

__version__ = "0.1.0"
