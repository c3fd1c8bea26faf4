"""Agenda CSTI Grand Est: a static site generator for a shared science-outreach agenda."""

__version__ = "0.1.0"
