"""Jinja2 templates for the HTML reports (shipped as package data)."""
