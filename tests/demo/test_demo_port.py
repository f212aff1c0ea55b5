"""Issue 8 (README): `make demo` on a busy port says, in Chinese, that the port is taken and how to choose
another (--port), before loading anything and without first saying that it is running."""

from __future__ import annotations

import io
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_R0_demo_on_a_busy_port_says_so_and_names_port_option():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("demo", "--port", str(port), stdout=out)
    message = str(refused.value)
    assert f"端口 {port} 已被占用" in message and "--port" in message
    assert "正在" not in out.getvalue() and out.getvalue() == ""  # nothing loaded, nothing said to be running
