"""Check library: one module per family; each check type registers itself by name.

See ``netassess.checks.base`` for the contract every check type follows.
"""
