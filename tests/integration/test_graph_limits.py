"""MailboxLimiter against the real Redis (db 15): window, daily cap, leases, shared state."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import redis

from infra.graph_limits import MailboxLimiter, MailboxLimits, Permit, Wait

STHLM = ZoneInfo("Europe/Stockholm")
MAILBOX = "natverk@gr.example.org"


class Clock:
    """A clock the test moves; all limiters in a test share it like synced hosts would."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    conn = redis.Redis(host="127.0.0.1", port=6379, db=15)
    yield conn
    conn.close()


@pytest.fixture
def prefix(client: redis.Redis) -> Iterator[str]:
    name = f"test:graph-limits:{uuid.uuid4().hex}"
    yield name
    keys = list(client.scan_iter(match=f"{name}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2024, 3, 27, 10, 0, tzinfo=STHLM))


def limiter(client: redis.Redis, prefix: str, clock: Clock, **limits: float) -> MailboxLimiter:
    return MailboxLimiter(client, MailboxLimits(**limits), prefix=prefix, clock=clock)  # type: ignore[arg-type]


def permit(result: Permit | Wait) -> Permit:
    assert isinstance(result, Permit), result
    result.release()
    return result


def test_sliding_window_limits_messages_per_minute(
    client: redis.Redis, prefix: str, clock: Clock
) -> None:
    lim = limiter(client, prefix, clock, messages_per_minute=3)
    for _ in range(3):
        permit(lim.acquire(MAILBOX, recipients=1))
        clock.advance(20)  # sends at t=0, 20, 40

    clock.advance(-10)  # t=50
    wait = lim.acquire(MAILBOX, recipients=1)
    assert wait == Wait(seconds=10.0, reason="messages_per_minute")  # t=0 leaves at t=60

    clock.advance(10)
    permit(lim.acquire(MAILBOX, recipients=1))
    assert isinstance(lim.acquire(MAILBOX, recipients=1), Wait)  # t=20 leaves at t=80


def test_reads_do_not_count_as_messages(client: redis.Redis, prefix: str, clock: Clock) -> None:
    lim = limiter(client, prefix, clock, messages_per_minute=1)
    permit(lim.acquire(MAILBOX, recipients=2))
    permit(lim.acquire(MAILBOX, recipients=0, messages=0))


def test_daily_recipient_cap_until_stockholm_midnight(client: redis.Redis, prefix: str) -> None:
    clock = Clock(dt.datetime(2024, 3, 30, 23, 0, tzinfo=STHLM))
    lim = limiter(client, prefix, clock, recipients_per_day=10)
    permit(lim.acquire(MAILBOX, recipients=6))
    permit(lim.acquire(MAILBOX, recipients=4))
    assert lim.recipients_today(MAILBOX) == 10

    assert lim.acquire(MAILBOX, recipients=1) == Wait(seconds=3600.0, reason="recipients_per_day")

    clock.advance(3600)  # 31 March 00:00, the day DST starts: 23 hours long
    permit(lim.acquire(MAILBOX, recipients=10))
    assert lim.acquire(MAILBOX, recipients=1) == Wait(
        seconds=23 * 3600.0, reason="recipients_per_day"
    )


def test_unsent_request_gives_back_its_quota(
    client: redis.Redis, prefix: str, clock: Clock
) -> None:
    lim = limiter(client, prefix, clock, messages_per_minute=1, recipients_per_day=5)
    taken = lim.acquire(MAILBOX, recipients=5)
    assert isinstance(taken, Permit)
    taken.release(sent=False)  # e.g. Graph answered 429: nothing was sent
    assert lim.recipients_today(MAILBOX) == 0
    again = lim.acquire(MAILBOX, recipients=5)
    assert isinstance(again, Permit)
    with pytest.raises(RuntimeError), again:
        raise RuntimeError("the request failed")  # leaving with an error also gives it back
    permit(lim.acquire(MAILBOX, recipients=5))


def test_request_larger_than_a_limit_is_refused(
    client: redis.Redis, prefix: str, clock: Clock
) -> None:
    lim = limiter(client, prefix, clock, recipients_per_day=10)
    with pytest.raises(ValueError, match="split"):
        lim.acquire(MAILBOX, recipients=11)


def test_concurrency_slots_and_lease_expiry(client: redis.Redis, prefix: str, clock: Clock) -> None:
    lim = limiter(client, prefix, clock, max_concurrency=2, lease_seconds=30)
    first = lim.acquire(MAILBOX, recipients=0, messages=0)
    second = lim.acquire(MAILBOX, recipients=0, messages=0)
    assert isinstance(first, Permit)
    assert isinstance(second, Permit)
    assert lim.acquire(MAILBOX, recipients=0, messages=0) == Wait(1.0, "concurrency")

    first.release()
    third = lim.acquire(MAILBOX, recipients=0, messages=0)
    assert isinstance(third, Permit)
    # second and third belong to a worker that was killed: their leases run out
    clock.advance(29)
    assert lim.acquire(MAILBOX, recipients=0, messages=0) == Wait(1.0, "concurrency")
    clock.advance(1.001)
    assert isinstance(lim.acquire(MAILBOX, recipients=0, messages=0), Permit)


def test_two_clients_share_state_and_mailboxes_are_separate(
    client: redis.Redis, prefix: str, clock: Clock
) -> None:
    other_client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    try:
        a = limiter(client, prefix, clock, messages_per_minute=2)
        b = limiter(other_client, prefix, clock, messages_per_minute=2)
        permit(a.acquire(MAILBOX, recipients=3))
        permit(b.acquire(MAILBOX.upper(), recipients=3))
        assert isinstance(a.acquire(MAILBOX, recipients=1), Wait)
        assert isinstance(b.acquire(MAILBOX, recipients=1), Wait)
        assert b.recipients_today(MAILBOX) == 6
        permit(b.acquire("annan@gr.example.org", recipients=1))
    finally:
        other_client.close()


def test_concurrent_acquires_never_exceed_the_slots(
    client: redis.Redis, prefix: str, clock: Clock
) -> None:
    results: list[Permit | Wait] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = redis.Redis(host="127.0.0.1", port=6379, db=15)
        try:
            result = limiter(conn, prefix, clock, max_concurrency=4).acquire(MAILBOX, recipients=1)
        finally:
            conn.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, Permit) for r in results) == 4
    assert limiter(client, prefix, clock).recipients_today(MAILBOX) == 4
