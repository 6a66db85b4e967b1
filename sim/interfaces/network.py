"""Which address a server listens on, which addresses reach it, and a warning when that is not this machine only.

The address the user gives (``cogov dashboard --host``, ``cogov classroom --listen``) is read the
way the socket layer will read it (:func:`normalise_host`): ``0``, ``0.0.0.0``, ``::0``,
``0:0:0:0:0:0:0:0`` and ``[::]`` all mean every interface, ``127.1`` is ``127.0.0.1``, a host
name is the first address it resolves to. An empty address is refused. Any address that is not a
loopback one (127.0.0.0/8, ::1, or an IPv4-mapped loopback) gets a warning, in Chinese and
English: anyone who can reach this machine on that network can open the page; a wildcard also
gets the addresses to use instead of an unusable ``http://0.0.0.0:PORT/``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

from sim.errors import UserInputError
from sim.interfaces.classroom.security import is_loopback  # noqa: F401 - one loopback test for both servers


def normalise_host(text: str, option: str) -> str:
    """The numeric address a server given ``text`` binds, or a clear error (``option`` names the flag)."""
    from sim.errors import printable

    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        stripped = stripped[1:-1].strip()
    if not stripped:
        raise UserInputError(
            f"{option} {text!r}: an empty address is refused (it would listen on every network interface without "
            "saying so). Give 127.0.0.1 (this computer only), 0.0.0.0 (every interface: anyone on the network can "
            "connect) or this computer's address on the classroom network."
        )
    for flags in (socket.AI_NUMERICHOST, 0):  # a numeric address first, so that no name lookup is needed
        try:
            found = socket.getaddrinfo(stripped, None, type=socket.SOCK_STREAM, flags=flags)
        except (OSError, UnicodeError, ValueError):
            continue
        if found:
            return str(found[0][4][0])
    raise UserInputError(
        f"{option} {printable(text)!r} is not an IP address, nor a host name this computer can resolve. Give 127.0.0.1 "
        "(this computer only), 0.0.0.0 (every interface) or this computer's address on the classroom network."
    )


def is_wildcard(host: str) -> bool:
    """True for the addresses that mean every interface (0.0.0.0, ::), in any spelling."""
    try:
        return ipaddress.ip_address(normalise_host(host, "--host").split("%")[0]).is_unspecified
    except (UserInputError, ValueError):
        return False


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
    """A bilingual warning when the server is reachable from other machines (any non-loopback address), or None."""
    if is_loopback(host):
        return None
    addresses = "\n".join(f"  {address}" for address in reachable_urls(host, port))
    where_zh, where_en = (("在本机所有网络接口上监听", "listens on every network interface") if is_wildcard(host)
                          else (f"在网络地址 {host} 上监听", f"listens on the network address {host}"))
    return (
        f"警告：--host {host} {where_zh}，同一网络中的任何人都能打开这个页面。"
        "只在本机演示时请去掉 --host（默认 127.0.0.1）。\n"
        f"warning: --host {host} {where_en}, so anyone on the network can "
        "open this page. For this machine only, leave out --host (the default is 127.0.0.1).\n"
        f"可用地址 / reachable at:\n{addresses}"
    )
