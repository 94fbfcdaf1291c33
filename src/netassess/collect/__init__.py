"""Plan the state checks need, collect it once per device, keep it as a snapshot."""
