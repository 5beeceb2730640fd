"""Who may ask: the host name a request is addressed to, and where a state-changing one comes from.

A page on another site cannot read the app's answers (the app sends no CORS headers) — unless
its DNS name is rebound to this machine: the browser then treats the app as that site, and
only the ``Host`` header still names the attacker's domain. So a request is answered only for
the names the server is reached by (``Settings.allowed_hosts``).

A form on another site can still post to the app (a "simple" request needs no permission);
the browser says where it comes from in ``Origin``, which must then be the app itself, and in
``Sec-Fetch-Site``, which must not be another site. ``Origin: null`` (a sandboxed frame, a file
on disk, a page whose referrer policy is ``no-referrer``) is accepted only when
``Sec-Fetch-Site`` says the request is the app's own. A client without a browser (curl) sends
neither and is judged by its ``Host`` alone.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional
from urllib.parse import urlsplit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def host_and_port(value: str) -> Optional[tuple[str, Optional[int]]]:
    """``'LocalHost:8000'`` → ``('localhost', 8000)``, ``'[::1]'`` → ``('::1', None)``; None when malformed."""
    if not value or "@" in value or "/" in value:
        return None
    try:
        parts = urlsplit("//" + value)
        return (parts.hostname, parts.port) if parts.hostname else None
    except ValueError:  # a port that is not a number
        return None


def host_allowed(host_header: str, allowed: Iterable[str]) -> bool:
    """Is the request addressed to one of the ``allowed`` names (any port)?"""
    host = host_and_port(host_header)
    return host is not None and host[0] in {name.lower() for name in allowed}


def origin_allowed(origin: Optional[str], fetch_site: Optional[str], host_header: str) -> bool:
    """Does a request come from the app's own pages (or from no page at all)?

    When ``Host`` has no port — a reverse proxy on the default port — the names alone are compared.
    """
    if fetch_site is not None and fetch_site.strip().lower() not in {"same-origin", "none"}:
        return False
    if origin is None:
        return True
    if origin.strip() == "null":
        return fetch_site is not None and fetch_site.strip().lower() == "same-origin"
    sender = urlsplit(origin.strip())
    host = host_and_port(host_header)
    if sender.scheme not in DEFAULT_PORTS or not sender.hostname or host is None:
        return False
    try:
        port = sender.port or DEFAULT_PORTS[sender.scheme]
    except ValueError:
        return False
    return sender.hostname == host[0] and (host[1] is None or port == host[1])


def refusal(method: str, headers: Mapping[str, str], allowed_hosts: Iterable[str]) -> Optional[tuple[str, int]]:
    """Why a request is refused, as ``("host" | "origin", HTTP status)``, or None to answer it."""
    host_header = headers.get("host", "")
    if not host_allowed(host_header, allowed_hosts):
        return "host", 400
    if method.upper() not in SAFE_METHODS and not origin_allowed(headers.get("origin"), headers.get("sec-fetch-site"),
                                                                 host_header):
        return "origin", 403
    return None
