"""pytest fixtures for the fake Seoul Open API.

Load with `pytest_plugins = ["tests.conftest_api"]` (in tests/conftest.py or a test
module). See tests/fake_seoul_api.py for the scripting API.
"""
from __future__ import annotations

import pytest

from data_sources.openapi import SeoulOpenAPI
from tests.fake_seoul_api import TEST_KEY, FakeSeoulAPI


@pytest.fixture
def fake_api():
    """A running FakeSeoulAPI on 127.0.0.1 (fresh per test); `.url` is its base URL."""
    with FakeSeoulAPI() as api:
        yield api


@pytest.fixture
def seoul_client(fake_api) -> SeoulOpenAPI:
    """A client for `fake_api` with the test key, short timeouts, and backoff sleeps
    recorded in `fake_api.sleeps` instead of waited."""
    return SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.5), retries=3, backoff=0.5,
                        sleep=fake_api.fake_sleep)
