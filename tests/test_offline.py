"""The notebooks' kernels run offline: a connection to anything but loopback is refused before it is sent.

The check never contacts an outside address: it first asserts that the guard is installed in the
kernel, and only then asks for a connection, with the guard's underlying 'real connect' replaced by
a recorder, so even a faulty guard could not send anything.
"""

import nbformat
import pytest
from conftest import LOOPBACK
from nbclient import NotebookClient

PROBE = """
import socket, sitecustomize
assert getattr(socket.socket.connect, "offline_guard", False), "offline guard not installed in this kernel"
attempts = []
sitecustomize._real_connect = lambda sock, address: attempts.append(address)
sitecustomize._real_getaddrinfo = lambda *a, **k: attempts.append(a) or []
outcomes = []
for target in [("192.0.2.1", 80), ("example.org", 80)]:  # a documentation-only address, and a name
    try:
        socket.create_connection(target, timeout=0.1)
        outcomes.append("allowed")
    except sitecustomize.OfflineError as exc:
        outcomes.append("refused")
print(outcomes, attempts)
"""


@pytest.mark.allow_hosts(LOOPBACK)
def test_a_notebook_kernel_refuses_outside_connections_before_sending(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    NotebookClient(notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert notebook.cells[0].outputs[0]["text"].strip() == "['refused', 'refused'] []"


def test_loopback_stays_allowed():
    import importlib.util

    from conftest import OFFLINE_GUARD_DIR

    spec = importlib.util.spec_from_file_location("offline_guard", f"{OFFLINE_GUARD_DIR}/sitecustomize.py")
    sitecustomize = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sitecustomize)

    sitecustomize.refuse_unless_loopback(("127.0.0.1", 8888))
    sitecustomize.refuse_unless_loopback(("::1", 8888))
    sitecustomize.refuse_unless_loopback(("localhost", 8888))
    sitecustomize.refuse_unless_loopback("/tmp/a-unix-socket")
    with pytest.raises(sitecustomize.OfflineError):
        sitecustomize.refuse_unless_loopback(("10.0.0.1", 80))


RAW_PROBE = """
import socket, sitecustomize
assert getattr(socket.socket.sendto, "offline_guard", False), "offline guard not installed in this kernel"
sent = []
sitecustomize._real_connect = lambda sock, address: sent.append(("connect", address))
sitecustomize._real_connect_ex = lambda sock, address: sent.append(("connect_ex", address)) or 0
sitecustomize._real_sendto = lambda sock, data, *args: sent.append(("sendto", args[-1])) or len(data)
outcomes = {}
probes = {
    "tcp connect": lambda s: s.connect(("192.0.2.1", 80)),
    "tcp connect_ex": lambda s: s.connect_ex(("192.0.2.1", 80)),
    "udp sendto": lambda s: s.sendto(b"x", ("192.0.2.1", 53)),
    "udp sendto with flags": lambda s: s.sendto(b"x", 0, ("192.0.2.1", 53)),
    "ipv6 connect": lambda s: s.connect(("2001:db8::1", 80, 0, 0)),
}
kinds = {"tcp connect": (socket.AF_INET, socket.SOCK_STREAM), "tcp connect_ex": (socket.AF_INET, socket.SOCK_STREAM),
         "udp sendto": (socket.AF_INET, socket.SOCK_DGRAM), "udp sendto with flags": (socket.AF_INET, socket.SOCK_DGRAM),
         "ipv6 connect": (socket.AF_INET6, socket.SOCK_STREAM)}
for name, probe in probes.items():
    with socket.socket(*kinds[name]) as s:
        try:
            probe(s)
            outcomes[name] = "allowed"
        except sitecustomize.OfflineError:
            outcomes[name] = "refused"
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:  # loopback still goes through the guard to the real call
    s.sendto(b"x", ("127.0.0.1", 9))
print(sorted(set(outcomes.values())), sent)
"""


@pytest.mark.allow_hosts(LOOPBACK)
def test_raw_sockets_in_a_kernel_are_refused_and_nothing_is_sent(tmp_path):
    """connect, connect_ex and UDP sendto (both call forms) to an outside address are refused in a real kernel
    before the real call; the real calls are replaced by recorders, so a faulty guard could not send either."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RAW_PROBE)])
    NotebookClient(notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert notebook.cells[0].outputs[0]["text"].strip() == "['refused'] [('sendto', ('127.0.0.1', 9))]"
