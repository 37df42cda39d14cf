"""Offline guard for every Python process the tests start (notebook kernels included).

tests/conftest.py puts this folder first on PYTHONPATH, so Python imports this module at start-up.
It refuses, before anything is sent, any connection, datagram or name lookup that is not for the
loopback interface or a Unix socket. Kernels still talk to pytest over loopback ZeroMQ, which does
not use Python's socket module at all.
"""

import ipaddress
import socket

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


class OfflineError(ConnectionRefusedError):
    """The course runs offline: a non-loopback network operation was refused."""


def is_loopback(host) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host)
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def refuse_unless_loopback(address) -> None:
    if isinstance(address, (str, bytes)):  # a Unix socket path
        return
    if not is_loopback(address[0]):
        raise OfflineError(f"the course runs offline: a connection to {address[0]!r} was refused before anything was sent")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_real_getaddrinfo = socket.getaddrinfo


def _connect(self, address):
    refuse_unless_loopback(address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    refuse_unless_loopback(address)
    return _real_connect_ex(self, address)


def _sendto(self, data, *args):
    refuse_unless_loopback(args[-1])
    return _real_sendto(self, data, *args)


def _getaddrinfo(host, *args, **kwargs):
    if host is not None:
        refuse_unless_loopback((host,))
    return _real_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    for func in (_connect, _connect_ex, _sendto, _getaddrinfo):
        func.offline_guard = True
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.socket.sendto = _sendto
    socket.getaddrinfo = _getaddrinfo


if __name__ == "sitecustomize":  # loaded at start-up, not imported by a test to look at it
    install()
