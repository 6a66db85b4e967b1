"""Which addresses a server bound to a host is reachable at, and a warning when that is everyone.

``--host 0.0.0.0`` (or ``::``, or an empty host) listens on every network interface: anyone who
can reach this machine can open the page. The command says so, in Chinese and English, and
prints the addresses to use instead of an unusable ``http://0.0.0.0:PORT/``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

WILDCARD_HOSTS = ("", "0.0.0.0", "::", "[::]", "*")


def is_wildcard(host: str) -> bool:
    return host.strip() in WILDCARD_HOSTS


def local_addresses() -> list[str]:
    """This machine's own addresses, loopback first (from its host name and its default route)."""
    found: list[str] = []
    with contextlib.suppress(OSError):
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET):
            found.append(address[0])
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent, the route picks our address
        found.append(probe.getsockname()[0])
    unique = list(dict.fromkeys(a for a in found if not ipaddress.ip_address(a).is_loopback))
    return ["127.0.0.1", *unique]


def url(host: str, port: int) -> str:
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def reachable_urls(host: str, port: int) -> list[str]:
    """The addresses to open: every local address for a wildcard host, else the host itself."""
    if is_wildcard(host):
        return [url(address, port) for address in local_addresses()]
    return [url(host, port)]


def exposure_warning(host: str, port: int) -> str | None:
    """A bilingual warning when the server listens on every interface, or None."""
    if not is_wildcard(host):
        return None
    addresses = "\n".join(f"  {address}" for address in reachable_urls(host, port))
    return (
        f"警告：--host {host or repr(host)} 在本机所有网络接口上监听，同一网络中的任何人都能打开这个页面。"
        "只在本机演示时请去掉 --host（默认 127.0.0.1）。\n"
        f"warning: --host {host or repr(host)} listens on every network interface, so anyone on the network can "
        "open this page. For this machine only, leave out --host (the default is 127.0.0.1).\n"
        f"可用地址 / reachable at:\n{addresses}"
    )
