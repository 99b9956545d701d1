"""Casebook: honest, private patient case studies from YAML files to a static site."""

__version__ = "0.1.0"
