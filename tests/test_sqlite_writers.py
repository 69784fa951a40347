"""The embedded database (SQLite, `make run`), written by the server's threads and a job
worker at once: a transaction that began by reading waits for the other's write instead of
failing with "database is locked", and neither update is lost. Real connections to a real
file, with the project's settings."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database")


def _add_one(settings_dict: dict, *, pause: float, errors: list) -> None:
    """Read the counter, pause, write it plus one: in one transaction, on a connection of
    this thread's own, as a request or a job does."""
    connections["writer"] = DatabaseWrapper(settings_dict, "writer")
    try:
        with transaction.atomic(using="writer"), connections["writer"].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            time.sleep(pause)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:  # noqa: BLE001 - the test reports whatever the database said
        errors.append(error)
    finally:
        connections["writer"].close()
        del connections["writer"]


@pytest.fixture
def unblocked(django_db_blocker):
    """Connections of the test's own to its own file, not to the test database."""
    with django_db_blocker.unblock():
        yield


def test_two_transactions_that_read_then_write_both_land(tmp_path, unblocked):
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "db.sqlite3")}
    setup = DatabaseWrapper(settings_dict, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    errors = []
    slow = threading.Thread(
        target=_add_one, args=(settings_dict,), kwargs={"pause": 0.5, "errors": errors}
    )
    slow.start()
    time.sleep(0.1)  # the slow one has read; the quick one starts while it pauses
    _add_one(settings_dict, pause=0, errors=errors)
    slow.join()

    with setup.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (2,)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
    setup.close()
    assert errors == []
