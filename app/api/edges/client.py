"""Who a request comes from: the peer, or the address a trusted proxy forwarded (pure)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN_CLIENT = "unknown"
# One IPv6 subscriber holds a whole /64 and may use any address in it.
IPV6_CLIENT_PREFIX = 64
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def _address(text: str) -> IpAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: IpAddress, proxies: Sequence[IpNetwork]) -> bool:
    return any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: Sequence[IpNetwork]) -> str:
    """The address rate limits count against.

    X-Forwarded-For is read only when the peer is a trusted proxy, and from the right: each trusted
    hop is skipped, and the first address no trusted proxy vouches for is the client. Anything to its
    left was written by the client itself and may be forged; an unreadable hop ends the walk at the
    last proxy that was trusted.
    """
    if not peer:
        return UNKNOWN_CLIENT
    current = _address(peer)
    if current is None or not forwarded_for or not _trusted(current, proxies):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, proxies):
            break
    return str(current)


def client_key(address: str) -> str:
    """What one client's requests are counted under: its IPv4 address, or its IPv6 /64 network.

    An IPv4 client seen through IPv6 (mapped, NAT64's 64:ff9b::/96, Teredo) is counted by its IPv4
    address: as a /64 every such client would share one count.
    """
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(parsed)
        if embedded is not None:
            return str(embedded)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(parsed) if parsed is not None else address


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.teredo is not None:
        return address.teredo[1]
    return None
