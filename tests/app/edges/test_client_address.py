"""Which address a request counts against (pure): the peer, unless a trusted proxy forwarded it."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from app.api.edges.client import UNKNOWN_CLIENT, client_address, client_key

PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]


def test_without_a_trusted_proxy_the_peer_is_the_client_whatever_it_forwards() -> None:
    assert client_address("203.0.113.7", "198.51.100.1", PROXIES) == "203.0.113.7"
    assert client_address("203.0.113.7", "198.51.100.1", []) == "203.0.113.7"


def test_a_trusted_proxy_forwards_the_client_it_saw() -> None:
    assert client_address("10.0.0.2", "198.51.100.1", PROXIES) == "198.51.100.1"
    assert client_address("::1", "2001:db8::5", PROXIES) == "2001:db8::5"


def test_the_walk_stops_at_the_first_address_no_proxy_vouches_for() -> None:
    # The client wrote the left-most entry itself to dodge its limit; the proxies appended the rest.
    forwarded = "192.0.2.99, 198.51.100.1, 10.1.1.1"
    assert client_address("10.0.0.2", forwarded, PROXIES) == "198.51.100.1"


def test_ports_and_brackets_are_read_and_junk_ends_the_walk() -> None:
    assert client_address("10.0.0.2", "198.51.100.1:5123", PROXIES) == "198.51.100.1"
    assert client_address("10.0.0.2", "[2001:db8::5]:443", PROXIES) == "2001:db8::5"
    assert client_address("10.0.0.2", "198.51.100.1, not-an-ip", PROXIES) == "10.0.0.2"


def test_no_forwarded_header_and_no_peer() -> None:
    assert client_address("10.0.0.2", None, PROXIES) == "10.0.0.2"
    assert client_address(None, "198.51.100.1", PROXIES) == UNKNOWN_CLIENT


@given(st.ip_addresses(v=4), st.lists(st.ip_addresses(v=4), max_size=4))
def test_an_untrusted_peer_is_never_replaced(peer: ipaddress.IPv4Address, forged: list[object]) -> None:
    if any(peer in network for network in PROXIES):
        return
    header = ", ".join(str(address) for address in forged)
    assert client_address(str(peer), header, PROXIES) == str(peer)


def test_an_ipv6_client_is_counted_by_its_64_network() -> None:
    # One subscriber may pick any address in its /64; counting addresses would let it rotate forever.
    assert client_key("2001:db8:1:2::5") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::5") != client_key("2001:db8:1:2::5")
    assert client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_key(UNKNOWN_CLIENT) == UNKNOWN_CLIENT
    # IPv4 clients reached over IPv6 keep a count each, not one per translator.
    assert client_key("64:ff9b::203.0.113.7") == "203.0.113.7"
    assert client_key("64:ff9b::203.0.113.8") == "203.0.113.8"
    assert client_key("2001:0:4136:e378:8000:63bf:3fff:fdd2") == "192.0.2.45"
    assert client_key("fe80::1%eth0") == "fe80::/64"
