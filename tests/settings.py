"""Test settings: Biye's own, on a machine that is not production (a generated local key, plain static files)."""

import os

os.environ.setdefault("BIYE_LOCAL", "1")
os.environ.setdefault("BIYE_PLAIN_STATIC", "1")

from biye.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Archived uploads (roster files) go to a throwaway folder, never into the working tree's var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="biye-test-media-"))
