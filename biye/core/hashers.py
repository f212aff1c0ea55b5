"""The login cost: Argon2id with parameters sized for a server that takes a whole university's first morning.

Django's own Argon2 parameters ask for 100 MiB per hash and 8 lanes. Twenty students logging in at once would
then want 2 GB on a 2-core machine that can compute two hashes at a time anyway. Here the memory and passes
come from settings (default 19 MiB, 2 passes, 1 lane: the figures OWASP's password storage guide gives for
Argon2id), and a process computes at most BIYE_HASH_CONCURRENCY hashes at once: the rest wait their turn, so
the memory a login rush takes is bounded by processes x concurrency x memory_cost. Stored hashes keep their own
parameters; a hash made with other ones is upgraded at the person's next login (Django's must_update)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth import hashers

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _hash_slots() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, settings.BIYE_HASH_CONCURRENCY))
        return _slots


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
        with _hash_slots():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _hash_slots():
            return super().verify(password, encoded)

