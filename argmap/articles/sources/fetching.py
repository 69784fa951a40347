"""Fetch an article's page on an analyst's behalf without letting the URL reach inside.

A URL typed into the import form is a request our server makes, so it must not become a way
to read the machine's own services, the private network or a cloud metadata endpoint (SSRF).
Every hop, the first and each redirect, is checked the same way:

* http and https only, no user name or password in the URL;
* the host is resolved once, and every address it resolves to must be public (not loopback,
  private, link-local, multicast, reserved, unspecified, shared or a metadata address), unless
  the host is in ``ARTICLE_FETCH_ALLOW_HOSTS``;
* the connection goes to the address that was checked (the pool connects to the IP, with the
  host name sent as Host and TLS SNI and checked against the certificate), so a second DNS
  answer cannot swap the address between the check and the connection.

The whole fetch, redirects and DNS included, ends within ``ARTICLE_FETCH_TIMEOUT`` seconds and
stops reading past ``ARTICLE_ORIGINAL_MAX_BYTES``. Each refusal is a ValidationError with a
message for the analyst.
"""

import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError

# What we can extract an article from (see argmap.articles.sources.extract).
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
USER_AGENT = "argmap article import (+https://github.com/argmap)"
CHUNK = 64 * 1024
# Addresses of cloud instance metadata services. Most are link-local or private anyway; they
# are named so that the refusal says what they are, and so an allow-listed host that resolves
# to one is still refused.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean...
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# getaddrinfo() has no timeout of its own; it runs here so that the deadline holds.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="argmap-dns")


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the final URL after redirects, its media type and its bytes."""

    url: str
    content_type: str
    data: bytes


def refusal(error_message: str, code: str, **params) -> ValidationError:
    return ValidationError(error_message, code=code, params=params or None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why our server must not connect to this address ("a loopback address"...), or None
    when it is public."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.version == 6 and (embedded := _embedded_ipv4(ip)) is not None:
        return address_refusal(embedded)
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    )
    return next((reason for refused, reason in checks if refused), None)


def _allowed_hosts() -> set[str]:
    return {host.lower().strip("[]") for host in settings.ARTICLE_FETCH_ALLOW_HOSTS}


def _resolve(host: str, port: int, deadline: float) -> list:
    """The host's addresses, each checked; ValidationError naming the first refused one."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        try:
            infos = future.result(timeout=max(deadline - time.monotonic(), 0.01))
        except FutureTimeout:
            raise refusal("Looking up %(host)s took too long.", "dns_timeout", host=host) from None
        except (OSError, UnicodeError):
            raise refusal("The host %(host)s was not found.", "dns", host=host) from None
        # A scoped IPv6 address ("fe80::1%eth0") keeps its scope out of ip_address().
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)
        )
    if not addresses:
        raise refusal("The host %(host)s was not found.", "dns", host=host)
    allowed = host in _allowed_hosts()
    for ip in addresses:
        reason = address_refusal(ip)
        if ip in METADATA_ADDRESSES or (reason and not allowed):
            raise refusal(
                "%(host)s is %(reason)s (%(address)s); articles are only fetched from public "
                "addresses.",
                "address",
                host=host,
                reason=reason,
                address=str(ip),
            )
    return addresses


def _target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a URL we may fetch; ValidationError if not."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise refusal("This is not a valid URL.", "url") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise refusal(
            "Only http and https URLs are fetched, not %(scheme)s.",
            "scheme",
            scheme=scheme or "a URL without a scheme",
        )
    if not parts.hostname:
        raise refusal("The URL has no host.", "url")
    if parts.username is not None or parts.password is not None:
        raise refusal("URLs with a user name or password are not fetched.", "credentials")
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise refusal("The host name %(host)s is not valid.", "url", host=parts.hostname) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _too_slow() -> ValidationError:
    return refusal(
        "The page took longer than %(seconds)s seconds to fetch.",
        "timeout",
        seconds=f"{settings.ARTICLE_FETCH_TIMEOUT:g}",
    )


def _remaining(deadline: float) -> float:
    """Seconds left before the deadline; the timeout refusal once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    return left


def _open(scheme: str, host: str, port: int, path: str, addresses: list, deadline: float):
    """(pool, response) of the first checked address that answers, the body not read yet;
    the caller closes the pool."""
    host_header = f"[{host}]" if ":" in host else host
    if port != (443 if scheme == "https" else 80):
        host_header += f":{port}"
    headers = {
        "Host": host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.5",
        # Compressed bodies are decoded in bounded steps by urllib3, but asking for none
        # keeps the size limit about bytes on the wire.
        "Accept-Encoding": "identity",
    }
    last_error = None
    for ip in addresses:
        kwargs = {"host": str(ip), "port": port, "maxsize": 1, "retries": False}
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                **kwargs,
                cert_reqs=ssl.CERT_REQUIRED,
                ca_certs=settings.ARTICLE_FETCH_CA_BUNDLE or None,
                # Connected to the IP, yet TLS speaks to and verifies the host name.
                server_hostname=host,
                assert_hostname=host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(**kwargs)
        remaining = _remaining(deadline)
        try:
            return pool, pool.urlopen(
                "GET",
                path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
                timeout=urllib3.Timeout(connect=min(remaining, 5.0), read=remaining),
            )
        except urllib3.exceptions.SSLError:
            pool.close()
            raise refusal(
                "The secure connection to %(host)s failed (its certificate is not valid).",
                "tls",
                host=host,
            ) from None
        except urllib3.exceptions.HTTPError as error:
            pool.close()
            last_error = error
    if isinstance(last_error, urllib3.exceptions.TimeoutError):
        raise _too_slow()
    raise refusal("%(host)s could not be reached.", "connection", host=host)


def _read(response, deadline: float, limit: int) -> bytes:
    """The body, read in chunks: stops past ``limit`` bytes or at the deadline."""
    declared = response.headers.get("Content-Length", "")
    too_large = refusal(
        "The page is larger than the limit of %(limit)s bytes.", "too_large", limit=f"{limit:,}"
    )
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    sock = getattr(response.connection, "sock", None)
    try:
        while True:
            if sock is not None:
                # A server that sends a byte at a time must not stretch each read's timeout.
                sock.settimeout(_remaining(deadline))
            # read1: what has arrived, so a trickle cannot hold one call until CHUNK is full.
            chunk = response.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
            _remaining(deadline)
    except urllib3.exceptions.TimeoutError:
        raise _too_slow() from None
    except urllib3.exceptions.HTTPError:
        raise refusal("The page's answer broke off.", "connection") from None
    return b"".join(chunks)


def _media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def precheck(url: str) -> None:
    """Refuse at once a URL that ``fetch`` would refuse before connecting (scheme, host,
    the addresses it resolves to), so that a form or the API can say so before queueing
    the fetch as a job. The job checks everything again: DNS may answer differently."""
    deadline = time.monotonic() + min(settings.ARTICLE_FETCH_TIMEOUT, 3.0)
    _scheme, host, port, _path = _target(url)
    _resolve(host, port, deadline)


def fetch(url: str) -> Fetched:
    """The article at ``url``: its final URL, media type and bytes, fetched under every
    rule above. ValidationError (with a code) for each refusal."""
    deadline = time.monotonic() + settings.ARTICLE_FETCH_TIMEOUT
    limit = settings.ARTICLE_ORIGINAL_MAX_BYTES
    for _hop in range(settings.ARTICLE_FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, path = _target(url)
        addresses = _resolve(host, port, deadline)
        pool, response = _open(scheme, host, port, path, addresses, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise refusal("The page redirects without saying where.", "redirect")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise refusal(
                    "The page answered HTTP %(status)s %(reason)s.",
                    "status",
                    status=response.status,
                    reason=response.reason or "",
                )
            media_type = _media_type(response)
            if media_type and media_type not in ACCEPTED_TYPES:
                raise refusal(
                    "The URL gives %(type)s, not an HTML page, a PDF or text.",
                    "content_type",
                    type=media_type,
                )
            return Fetched(url=url, content_type=media_type, data=_read(response, deadline, limit))
        finally:
            response.close()
            pool.close()
    raise refusal(
        "The page redirects more than %(count)s times.",
        "redirects",
        count=settings.ARTICLE_FETCH_MAX_REDIRECTS,
    )
