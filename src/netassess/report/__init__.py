"""Report formats: one module per format, registered by name (see ``report.base``)."""
