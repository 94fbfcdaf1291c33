"""NAPALM driver for the built-in lab's Open vSwitch switch (platform `ovs`: ``get_network_driver("ovs")``
finds this package by NAPALM's ``napalm_<platform>`` convention, as it finds ``napalm_frr``)."""

from napalm_ovs.driver import OVSDriver

__all__ = ["OVSDriver"]
