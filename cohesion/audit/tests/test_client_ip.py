"""Which address a request came from, with and without trusted proxies."""

from __future__ import annotations

from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from cohesion.audit.context import client_ip


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_forwarded_header_is_never_believed() -> None:
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["192.0.2.0/24"])
def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client() -> None:
    # The sender claims 10.0.0.1; our proxy appended the address it really saw.
    request = _request("192.0.2.10", "10.0.0.1, 198.51.100.23")
    assert client_ip(request) == "198.51.100.23"


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXY_ADDRESSES=["192.0.2.0/24"])
def test_behind_two_proxies_the_second_address_from_the_right_is_the_client() -> None:
    request = _request("192.0.2.10", "10.0.0.1,198.51.100.23 , 192.0.2.99")
    assert client_ip(request) == "198.51.100.23"


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXY_ADDRESSES=["192.0.2.0/24"])
def test_a_forwarded_header_shorter_than_the_proxy_chain_falls_back_to_the_connection() -> None:
    assert client_ip(_request("192.0.2.10", "198.51.100.23")) == "192.0.2.10"
    assert client_ip(_request("192.0.2.10")) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["192.0.2.10", "2001:db8::/32"])
def test_the_forwarded_header_is_read_only_on_a_connection_from_a_trusted_proxy() -> None:
    assert client_ip(_request("192.0.2.10", "198.51.100.23")) == "198.51.100.23"
    assert client_ip(_request("2001:db8::7", "198.51.100.23")) == "198.51.100.23"
    # Someone who reaches the server directly cannot choose their own address.
    assert client_ip(_request("203.0.113.66", "198.51.100.23")) == "203.0.113.66"
    assert client_ip(_request("not-an-address", "198.51.100.23")) == "not-an-address"
