"""The server's TCP sockets (``glossary/sockets.py``): Nagle's algorithm off, nothing else touched."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from glossary import sockets

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists sockets via /proc")


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@linux_only
def test_the_listening_socket_and_its_connections_send_at_once():
    # bound the way Streamlit 1.67 binds its own (protocol 0): asyncio leaves Nagle on for these
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    before = socket.create_connection(listener.getsockname())
    accepted_before, _ = listener.accept()
    reader, writer = os.pipe()
    left, right = socket.socketpair()  # not TCP: left alone
    try:
        assert _nodelay(accepted_before) == 0  # the case being fixed
        fds = sorted(os.listdir("/proc/self/fd"))
        assert sockets.send_small_messages_at_once.__wrapped__() >= 3  # listener, both ends
        assert sorted(os.listdir("/proc/self/fd")) == fds  # every handle it opened, it closed
        after = socket.create_connection(listener.getsockname())
        accepted_after, _ = listener.accept()
        assert _nodelay(accepted_before) == _nodelay(accepted_after) == _nodelay(listener) == 1
        os.write(writer, b"x")
        left.sendall(b"y")
        assert os.read(reader, 1) == b"x" and right.recv(1) == b"y"  # other handles still work
        for sock in (after, accepted_after):
            sock.close()
    finally:
        for sock in (listener, before, accepted_before, left, right):
            sock.close()
        os.close(reader)
        os.close(writer)


def test_the_app_turns_nagle_off_on_its_first_run():
    from streamlit.testing.v1 import AppTest

    sockets.send_small_messages_at_once.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert sockets.send_small_messages_at_once.cache_info().currsize == 1
