"""The login cost: Argon2id with parameters sized for a server that takes a whole university's first morning.

Django's own Argon2 parameters ask for 100 MiB per hash and 8 lanes: twenty students logging in at once would
want 2 GB on a 2-core machine that can compute two hashes at a time anyway. Here the memory and passes come
from settings (default 19 MiB, 2 passes, 1 lane: the figures OWASP's password storage guide gives for
Argon2id), and a process computes at most BIYE_HASH_CONCURRENCY hashes at once, in threads of its own running
at a lower CPU priority (on Linux). So a login rush costs bounded memory (processes x concurrency x 19 MiB),
and the logins queue behind one another instead of starving the pages and the saving of people already in.
Stored hashes keep their own parameters; a hash made with other ones is upgraded at the next login."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import hashers

HASH_NICENESS = 10
_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _lower_priority() -> None:
    if sys.platform == "linux":  # there a thread id names one thread; elsewhere it would name the process
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)
        except OSError:
            pass


def _hashing() -> ThreadPoolExecutor:
    """This process's hashing threads (made again in a forked worker: threads do not survive a fork)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            size = max(1, settings.BIYE_HASH_CONCURRENCY)
            _pool = (os.getpid(), ThreadPoolExecutor(size, thread_name_prefix="argon2", initializer=_lower_priority))
        return _pool[1]


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    # The same algorithm name as Django's: existing hashes verify, and are re-hashed to these parameters.
    parallelism = 1

    @property
    def memory_cost(self) -> int:  # KiB
        return settings.BIYE_ARGON2_MEMORY_KIB

    @property
    def time_cost(self) -> int:
        return settings.BIYE_ARGON2_TIME_COST

    def encode(self, password, salt):
        return _hashing().submit(super().encode, password, salt).result()

    def verify(self, password, encoded):
        return _hashing().submit(super().verify, password, encoded).result()
