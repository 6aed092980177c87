"""Take outbound network and unbounded memory away from the query processes.

The guard refuses ``SERVICE`` before evaluation, but a refusal by the guard is only as good
as the guard's reading of the query. So the processes that parse or evaluate a query (the
Oxigraph server and the guard's workers) are also made unable to open a connection: a
seccomp filter (Linux, x86-64 and aarch64, no root needed) makes ``connect(2)`` fail with
``EPERM``, refuses ``sendto(2)`` with a destination address, ``sendmsg``/``sendmmsg`` and
``io_uring``. A server only accepts connections, so it keeps working; a ``SERVICE`` call
(or a DNS look-up for one) fails inside the engine. Where seccomp is not available
:func:`network_sandbox_supported` says so and the endpoint logs a warning.

:func:`limit_memory` sets ``RLIMIT_AS`` so that a query that grows without bound makes the
engine fail (and be restarted) instead of taking the machine's memory.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import platform
import resource
import struct
import sys

log = logging.getLogger(__name__)

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2

_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000

# machine -> (AUDIT_ARCH_*, connect, sendto, sendmsg, sendmmsg, io_uring_setup)
_ARCHES = {
    "x86_64": (0xC000003E, 42, 44, 46, 307, 425),
    "aarch64": (0xC00000B7, 203, 206, 211, 269, 425),
}
_X32_BIT = 0x40000000


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def _program() -> bytes | None:
    arch = _ARCHES.get(platform.machine())
    if arch is None or not sys.platform.startswith("linux"):
        return None
    audit, connect, sendto, sendmsg, sendmmsg, uring = arch
    eperm = _RET_ERRNO | errno.EPERM
    insns = [
        _insn(_LD_W_ABS, 0, 0, 4),  # arch
        _insn(_JEQ_K, 1, 0, audit),
        _insn(_RET_K, 0, 0, eperm),  # another ABI: refuse every system call
        _insn(_LD_W_ABS, 0, 0, 0),  # syscall number
        _insn(_JGE_K, 0, 1, _X32_BIT),  # x32 numbers on x86-64
        _insn(_RET_K, 0, 0, eperm),
        _insn(_JEQ_K, 0, 1, connect),
        _insn(_RET_K, 0, 0, eperm),
        _insn(_JEQ_K, 0, 1, sendmsg),
        _insn(_RET_K, 0, 0, eperm),
        _insn(_JEQ_K, 0, 1, sendmmsg),
        _insn(_RET_K, 0, 0, eperm),
        _insn(_JEQ_K, 0, 1, uring),
        _insn(_RET_K, 0, 0, _RET_ERRNO | errno.ENOSYS),
        _insn(_JEQ_K, 0, 5, sendto),
        _insn(_LD_W_ABS, 0, 0, 16 + 4 * 8),  # args[4] (dest_addr), low word
        _insn(_JEQ_K, 0, 2, 0),
        _insn(_LD_W_ABS, 0, 0, 16 + 4 * 8 + 4),  # high word
        _insn(_JEQ_K, 1, 0, 0),
        _insn(_RET_K, 0, 0, eperm),  # sendto with an address: a datagram out
        _insn(_RET_K, 0, 0, _RET_ALLOW),
    ]
    return b"".join(insns)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class NetworkSandbox:
    """A prepared seccomp filter; :meth:`apply` installs it in the calling process.

    Everything is allocated when the object is made, so that ``apply`` can run in a
    ``preexec_fn`` between ``fork`` and ``exec`` without allocating.
    """

    def __init__(self) -> None:
        program = _program()
        self.supported = program is not None
        self._libc = None
        if program is None:
            return
        try:
            self._libc = ctypes.CDLL(None, use_errno=True)
        except OSError:
            self.supported = False
            return
        self._buffer = ctypes.create_string_buffer(program, len(program))
        self._fprog = _SockFprog(len(program) // 8, ctypes.addressof(self._buffer))

    def apply(self) -> bool:
        """Install the filter here (and in every later child); False if it could not be."""
        if not self.supported or self._libc is None:
            return False
        libc = self._libc
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return (
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(self._fprog), 0, 0) == 0
        )


def network_sandbox_supported() -> bool:
    return _program() is not None


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space (``RLIMIT_AS``); ``None`` or 0 leaves it."""
    if not max_bytes:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
