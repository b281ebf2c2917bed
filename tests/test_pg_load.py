"""The load test of a shared PostgreSQL store (bench/pg_load.py), briefly: 4 liaisons for ~5 seconds.

Each client is its own process and login; no acknowledged write may be lost and the database must
refuse exactly the writes attempted on other units' tasks.
"""

from __future__ import annotations

import pytest

from tests import postgres_cluster

pytestmark = pytest.mark.slow


def test_four_liaisons_lose_no_write_and_every_foreign_write_is_refused():
    reason = postgres_cluster.unavailable()
    if reason:
        pytest.skip(reason)
    from bench.pg_load import run

    figures = run(seconds=5, clients=4, log=lambda _line: None)
    assert figures["errors"] == []
    assert figures["writes"] > 0
    assert figures["lost_writes"] == 0
    assert figures["foreign_attempts"] > 0
    assert figures["refusals"] == figures["foreign_attempts"]
    assert figures["foreign_accepted"] == 0
