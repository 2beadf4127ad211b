import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from tests.pgserver import NO_POSTGRES, Server  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the whole run (skipped loudly when not installed)."""
    if NO_POSTGRES:
        pytest.skip(NO_POSTGRES)
    server = Server()
    server.start()
    yield server
    from sourcing.store.db import close_pools

    close_pools()
    server.stop()


@pytest.fixture
def pg_url(postgres_server):
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_server.database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """Where a store lives, once per engine: the same contract runs against both."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(autouse=True)
def _keep_main_module():
    """AppTest runs a page as ``__main__`` and leaves it there; a test that later starts
    processes with multiprocessing's "spawn" would then run that page in every child. Put the
    real ``__main__`` back after each test."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
