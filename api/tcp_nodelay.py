"""WORKAROUND (Streamlit 1.67): small replies on a kept-open connection wait ~40 ms.

Streamlit binds its listening socket itself (`socket.socket(family)`, protocol 0) and
hands it to uvicorn; asyncio only sets TCP_NODELAY on sockets whose protocol is TCP, so
Streamlit's accepted connections keep Nagle's algorithm, which then waits for the
client's delayed ACK before sending the next small reply. On Linux an accepted socket
inherits TCP_NODELAY from its listening socket, so setting it once on the listening
socket at startup fixes every connection.

Drop this module (and its call in server.py's lifespan) once Streamlit sets
TCP_NODELAY itself; tests/test_http_api.py::test_keep_alive_requests_do_not_wait_for_delayed_acks
shows whether it is still needed.
"""
from __future__ import annotations

import os
import socket


def set_on_listening_sockets() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; returns how many."""
    done = 0
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # not Linux: nothing to do here
        return 0
    for fd in fds:
        try:
            sock = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue  # not a socket (or already closed)
        try:
            if sock.type == socket.SOCK_STREAM and sock.family in (socket.AF_INET, socket.AF_INET6) \
                    and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
        except OSError:
            pass
        finally:
            sock.close()  # closes only our duplicate descriptor
    return done
