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
