"""Canonical URLs and the outlet (registrable domain) behind a URL.

:func:`canonical_url` maps the variants under which one page circulates to one string:

* scheme and host lower-cased, the host's trailing dot and any user:password removed,
  international host names written in IDNA (``xn--...``), default ports (80, 443) dropped;
* the fragment dropped;
* tracking parameters dropped (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``ref``,
  ``cmpid``, ... see :data:`TRACKING_PARAMS` and :data:`TRACKING_PREFIXES`), the remaining
  parameters sorted and re-encoded the same way;
* AMP variants mapped to the plain page: a path segment ``amp`` (``/news/amp/x``, ``/x/amp``),
  a ``.amp`` suffix, ``?outputType=amp``/``?amp=1``, and Google AMP cache addresses
  (``*.cdn.ampproject.org/c/s/...``);
* percent-escapes upper-cased, escaped unreserved characters decoded, ``.``/``..`` segments
  resolved, and the trailing slash of a non-root path removed (``/news/`` -> ``/news``).

The host is otherwise kept as it is (``www.`` stays). Non-http(s) or unparseable URLs give
``None``.

:func:`outlet_from_url` finds the registrable domain (``www.bbc.co.uk`` -> ``bbc.co.uk``) with the
public-suffix list bundled in the ``tld`` package: nothing is downloaded. Private suffixes count
as suffixes, so each ``*.blogspot.com`` blog is its own domain.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tld import get_fld

__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "canonical_url",
    "is_web_url",
    "outlet_from_url",
    "registrable_domain",
]

#: Query parameters (lower case) that only track a click or a campaign.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "cmp",
        "icid",
        "ncid",
        "ocid",
        "s_cid",
        "smid",
        "smtyp",
        "sr_share",
        "share",
        "wt.mc_id",
        "wt.mc_ev",
        "xtor",
        "ito",
        "mbid",
        "rss",
        "feedtype",
        "spm",
        "__twitter_impression",
        "amp",
        "_amp",
    }
)
#: Prefixes (lower case) of tracking parameter names.
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "pk_", "mtm_", "hmb_", "oly_", "vero_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
_PATH_SAFE = "/%:@!$&'()*+,;=~"


def _percent(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else f"%{match.group(1).upper()}"


def _remove_dot_segments(path: str) -> str:
    if "/." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    trailing = "/" if segments[-1] in (".", "..") else ""
    return "/" + "/".join(out) + trailing


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _from_amp_cache(host: str, path: str) -> str | None:
    """``www-x-com.cdn.ampproject.org/c/s/www.x.com/a`` -> ``https://www.x.com/a``."""
    if not host.endswith(_AMP_CACHE_SUFFIX):
        return None
    match = re.match(r"/[cvi]/(s/)?(.+)", path)
    if match is None:
        return None
    return ("https://" if match.group(1) else "http://") + match.group(2)


def _host(hostname: str) -> str | None:
    host = hostname.rstrip(".").lower()
    if not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (any case of the scheme)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.netloc)


def canonical_url(url: str) -> str | None:
    """The canonical form of an http(s) URL, or None; see the module docstring for the rules."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        port = parts.port
    except ValueError:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    if (unwrapped := _from_amp_cache(host, parts.path)) is not None:
        query = f"?{parts.query}" if parts.query else ""
        return canonical_url(unwrapped + query)
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"

    path = parts.path
    if not path.isascii() or not path.isprintable() or " " in path:
        # non-ASCII, control characters (which strip() would drop on a second pass) and spaces
        path = quote(path, safe=_PATH_SAFE)
    if "%" in path:
        path = _PERCENT_RE.sub(_percent, path)
    path = _remove_dot_segments(path or "/")
    segments = [s for s in path.split("/") if s.lower() != "amp"]
    if segments and segments[-1].lower().endswith(".amp"):
        segments[-1] = segments[-1][:-4]
    path = "/".join(segments) or "/"
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"

    query = ""
    if parts.query:
        params = [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(name)
            and not (name.lower() == "outputtype" and value.lower() == "amp")
        ]
        query = urlencode(sorted(params), quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str | None:
    """The registrable domain of a host name (``www.bbc.co.uk`` -> ``bbc.co.uk``).

    IP addresses and single-label hosts (``localhost``) are returned as they are; a host under
    no known public suffix falls back to its last two labels.
    """
    host = host.strip().rstrip(".").lower().strip("[]")
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    if "." not in host:
        return host
    domain = get_fld(host, fix_protocol=True, fail_silently=True)
    if isinstance(domain, str) and domain:
        return domain
    return ".".join(host.split(".")[-2:])


def outlet_from_url(url: str | None, outlet: str | None = None) -> tuple[str | None, str | None]:
    """``(domain, outlet)`` for a URL: the registrable domain and the outlet's name.

    The outlet is ``outlet`` when given (the source's own name for it), else the domain.
    """
    name = " ".join(outlet.split()) if outlet else None
    domain: str | None = None
    if url:
        try:
            hostname = urlsplit(url.strip()).hostname
        except ValueError:
            hostname = None
        if hostname:
            host = _host(hostname)
            domain = registrable_domain(host) if host else None
    return domain, name or domain
