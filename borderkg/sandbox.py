"""The backstop behind the checks on untrusted input: no network access.

`block_network()` is called in the worker process that runs queries. On Linux it installs a
seccomp filter (through ctypes; no privileges needed) under which creating any socket but a
Unix one fails with EACCES, whether Python or the query engine's native code asks; everywhere
it also adds an audit hook that refuses Python-level connections and name lookups. The
process keeps everything else: files, pipes to its parent, the store.

`no_network()` turns the audit hook on for a block of code in this process (validation and
ingest, whose libraries should never fetch anything: an owl:imports in the data, a remote
JSON-LD context), so that a library that tries fails instead of fetching.

`store_access(url)` is the one way through: the SPARQL-HTTP store wraps each of its own
requests in it, and within it this thread may reach that URL's host and port, nothing else.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

# <linux/prctl.h>, <linux/seccomp.h>, <linux/filter.h>, <linux/audit.h>
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_SOCKET_NR = {"x86_64": 41, "aarch64": 198}
_X32_BIT = 0x40000000  # x86_64's x32 ABI numbers its system calls from here
_AUDIT_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.getaddrinfo",
                           "socket.gethostbyname", "socket.gethostbyaddr", "socket.sendto",
                           "urllib.Request"})


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _op(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _seccomp_program(machine: str) -> list[bytes]:
    """A filter that fails socket(2) for every family but AF_UNIX (and every system call of
    a foreign or x32 ABI, which could reach socket under another number)."""
    deny = _RET_ERRNO | errno.EACCES
    return [
        _op(_LD_W_ABS, 0, 0, 4),                 # seccomp_data.arch
        _op(_JEQ_K, 1, 0, _ARCH[machine]),
        _op(_RET_K, 0, 0, deny),
        _op(_LD_W_ABS, 0, 0, 0),                 # seccomp_data.nr
        _op(_JGE_K, 0, 1, _X32_BIT),
        _op(_RET_K, 0, 0, deny),
        _op(_JEQ_K, 0, 3, _SOCKET_NR[machine]),
        _op(_LD_W_ABS, 0, 0, 16),                # seccomp_data.args[0]: the family
        _op(_JEQ_K, 1, 0, socket.AF_UNIX),
        _op(_RET_K, 0, 0, deny),
        _op(_RET_K, 0, 0, _RET_ALLOW),
    ]


def _install_seccomp() -> bool:
    machine = platform.machine()
    if sys.platform != "linux" or machine not in _ARCH:
        return False
    ops = _seccomp_program(machine)
    code = ctypes.create_string_buffer(b"".join(ops))
    program = _Program(len(ops), ctypes.cast(code, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program),
                           0, 0) == 0)


class _State:
    hooked = False
    always = False  # the query worker: blocked for good
    depth = 0  # inside no_network() blocks
    lock = threading.Lock()


_store_request = threading.local()  # .endpoint: (host, port) of the store being asked


def _endpoint(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))


def _to_store(event: str, args: tuple[object, ...]) -> bool:
    """Whether a network event is this thread's request to the store it is asking."""
    endpoint: tuple[str, int] | None = getattr(_store_request, "endpoint", None)
    if endpoint is None:
        return False
    if event == "urllib.Request":
        return _endpoint(str(args[0])) == endpoint
    if event in ("socket.getaddrinfo", "socket.gethostbyname"):
        return args[0] == endpoint[0]
    return event == "socket.connect"


@contextmanager
def store_access(url: str) -> Iterator[None]:
    """Let this thread reach the store at `url` (its host and port only) within the block."""
    previous = getattr(_store_request, "endpoint", None)
    _store_request.endpoint = _endpoint(url)
    try:
        yield
    finally:
        _store_request.endpoint = previous


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event in _AUDIT_EVENTS and (_State.always or _State.depth) and not _to_store(event, args):
        raise PermissionError(f"network access is blocked here ({event}): BorderKG never "
                              "fetches anything on behalf of its input")


def _hook() -> None:
    with _State.lock:
        if not _State.hooked:
            sys.addaudithook(_audit)
            _State.hooked = True


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse Python-level network access within the block."""
    _hook()
    with _State.lock:
        _State.depth += 1
    try:
        yield
    finally:
        with _State.lock:
            _State.depth -= 1


def block_network() -> str:
    """Block network access in this process for good; returns how ("seccomp" or "audit")."""
    _hook()
    _State.always = True
    return "seccomp" if _install_seccomp() else "audit"
