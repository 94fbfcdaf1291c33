"""NAPALM driver for FRRouting, resolved by NAPALM as platform `frr` (package `napalm_frr`).

`napalm.get_network_driver("frr")` imports this package and picks the NetworkDriver subclass.
"""

from napalm_frr.driver import FRRDriver

__all__ = ["FRRDriver"]
