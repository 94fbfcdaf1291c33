"""NAPALM driver for plain Linux hosts (platform `linux`), so checks can start from a host."""

from napalm_netassess_linux.driver import LinuxDriver

__all__ = ["LinuxDriver"]
