"""The server process's TCP sockets: small messages go out at once (Nagle's algorithm off).

Streamlit 1.67 binds its listening socket itself (``socket.socket(AF_INET, SOCK_STREAM)``, protocol 0)
and hands it to uvicorn; asyncio turns Nagle off only on sockets whose protocol reads ``IPPROTO_TCP``,
so every websocket connection kept Nagle on. A run's first message went out at once and the rest waited
for the client's delayed ACK: a one-line app's rerun took 44 ms for 2 ms of CPU with a protocol-level
client (``benchmarks/st_client.py``), and every demo interaction 44-68 ms (6-30 ms with the flag).
NOTE: Chromium acknowledges promptly, directly and through a TCP proxy: a demo slider's round trip in
the browser measured the same with and without the flag (27.2 vs 27.0 ms, 27.6 vs 29.4 ms proxied);
the gain is for clients that delay their ACKs, and for the benchmarks, which now time the server.
"""

from __future__ import annotations

import functools
import os
import socket

_TCP = (socket.AF_INET, socket.AF_INET6)


@functools.cache  # once per process: connections accepted later inherit the flag
def send_small_messages_at_once() -> int:
    """Set ``TCP_NODELAY`` on every TCP socket of this process (the listening one too: Linux hands the
    flag on to each connection it accepts). Returns how many sockets it changed; 0 where there is no
    ``/proc/self/fd`` to list them."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return 0
    changed = 0
    for fd in fds:
        try:
            dup = os.dup(fd)  # a second handle: closing it leaves ``fd`` open
        except OSError:  # gone meanwhile
            continue
        try:
            sock = socket.socket(fileno=dup)
        except OSError:  # not a socket
            os.close(dup)
            continue
        with sock:
            if sock.family not in _TCP or sock.type != socket.SOCK_STREAM:
                continue
            try:
                if not sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    changed += 1
            except OSError:
                continue
    return changed
