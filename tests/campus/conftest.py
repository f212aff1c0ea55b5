import pytest

from tests.campus.cas_server import FakeCAS


@pytest.fixture
def cas(settings):
    """A campus CAS server on a loopback port, with Biye pointed at it."""
    server = FakeCAS().start()
    settings.CAS_SERVER_URL = server.url
    yield server
    server.stop()
