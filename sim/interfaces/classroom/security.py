"""Classroom safeguards: join codes, role tokens, request limits and the loopback check."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import time
import unicodedata
from collections import deque

#: Join codes avoid letters and digits that are easy to confuse when read off a projector.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """A role token: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


#: A device secret: what the student's browser generates once and keeps (localStorage), sent with
#: every request, so a role token works only in the browser that joined with it.
_DEVICE_SECRET = re.compile(r"[A-Za-z0-9_-]{22,128}")


def valid_device_secret(secret: object) -> bool:
    return isinstance(secret, str) and _DEVICE_SECRET.fullmatch(secret) is not None


def device_fingerprint(secret: str) -> str:
    """What the server keeps of a device secret (a digest: the secret itself is never stored)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def same_device(secret: object, fingerprint: str) -> bool:
    return valid_device_secret(secret) and secrets.compare_digest(device_fingerprint(secret), fingerprint)


def name_key(name: str) -> str:
    """A name as compared with reserved names: compatibility forms folded, case folded, and
    spaces, punctuation and symbols removed ("Ｔeacher", "T-e-a-c-h-e-r" and "teacher" match)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def codes_match(given: str, expected: str) -> bool:
    """Compare a typed join code with the session's, ignoring case and spaces, in constant time."""
    cleaned = "".join(given.split()).upper()
    return secrets.compare_digest(cleaned.encode(), expected.encode())


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (also an IPv4-mapped loopback); False for anything else or no address."""
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


class RateLimiter:
    """At most ``limit`` events per ``window_s`` seconds for each key (a sliding window).

    ``clock`` is injectable so tests need not sleep.
    """

    def __init__(self, limit: int, window_s: float, clock=time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record one event for ``key`` and say whether it is within the limit."""
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def retry_after_s(self, key: str) -> float:
        events = self._events.get(key)
        if not events:
            return 0.0
        return max(0.0, self.window_s - (self.clock() - events[0]))
