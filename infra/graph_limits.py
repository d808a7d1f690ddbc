"""Exchange/Graph sending limits per mailbox, kept in Redis so every worker process shares them.

Three limits, checked and taken in one Lua script (atomic across processes):
messages in a sliding 60-second window, recipients per Stockholm calendar day, and concurrent
requests (leases that expire, so a killed worker does not hold a slot forever). A 429's
Retry-After pauses the whole mailbox (pause()): until it passes, every acquire() is a Wait.
Hand-written: no maintained library combines the three with Redis-shared leases.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

import redis

WaitReason = Literal["messages_per_minute", "recipients_per_day", "concurrency", "throttled"]

_ACQUIRE = """
local now, window_ms = tonumber(ARGV[1]), tonumber(ARGV[2])
local max_msgs, msgs = tonumber(ARGV[3]), tonumber(ARGV[4])
local cap, rcpts = tonumber(ARGV[5]), tonumber(ARGV[6])
local day_ttl, to_midnight = tonumber(ARGV[7]), tonumber(ARGV[8])
local max_conc, lease_ms = tonumber(ARGV[9]), tonumber(ARGV[10])
local token, poll_ms = ARGV[11], tonumber(ARGV[12])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window_ms)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local wait, reason = -1, ''
local function block(ms, why)
  if ms > wait then wait, reason = ms, why end
end
local paused = redis.call('PTTL', KEYS[4])
if paused > 0 then block(paused, 'throttled') end
if msgs > 0 then
  local count = redis.call('ZCARD', KEYS[1])
  if count + msgs > max_msgs then
    local idx = count + msgs - max_msgs - 1
    local entry = redis.call('ZRANGE', KEYS[1], idx, idx, 'WITHSCORES')
    block(tonumber(entry[2]) + window_ms - now, 'messages_per_minute')
  end
end
if rcpts > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') + rcpts > cap then
  block(to_midnight, 'recipients_per_day')
end
if redis.call('ZCARD', KEYS[3]) >= max_conc then
  local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  block(math.min(tonumber(first[2]) - now, poll_ms), 'concurrency')
end
if reason ~= '' then
  return {0, tostring(wait), reason}
end
for i = 1, msgs do
  redis.call('ZADD', KEYS[1], now, token .. ':' .. i)
end
if msgs > 0 then redis.call('PEXPIRE', KEYS[1], window_ms) end
if rcpts > 0 then
  redis.call('INCRBY', KEYS[2], rcpts)
  redis.call('EXPIRE', KEYS[2], day_ttl)
end
redis.call('ZADD', KEYS[3], now + lease_ms, token)
redis.call('PEXPIRE', KEYS[3], lease_ms)
return {1, token, ''}
"""


@dataclass(frozen=True)
class MailboxLimits:
    """Exchange Online's defaults; all configurable (Settings.graph_*)."""

    messages_per_minute: int = 30
    recipients_per_day: int = 10_000
    max_concurrency: int = 4
    lease_seconds: float = 120.0  # longer than a Graph request's timeout
    concurrency_poll_seconds: float = 1.0  # a held slot is usually freed within a request


@dataclass(frozen=True)
class Wait:
    """Not now: try again in `seconds` (the longest of the limits that are exhausted)."""

    seconds: float
    reason: WaitReason


@dataclass
class Permit:
    """A taken slot: release it when the request is done (or use it as a context manager)."""

    mailbox: str
    token: str
    messages: int
    recipients: int
    _limiter: MailboxLimiter = field(repr=False)
    _day_key: str = field(repr=False)
    released: bool = False

    def release(self, *, sent: bool = True) -> None:
        """Free the concurrency slot; with sent=False also give back the message and recipients."""
        if not self.released:
            self._limiter._release(self, sent=sent)
            self.released = True

    def __enter__(self) -> Permit:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.release(sent=exc_type is None)


class MailboxLimiter:
    """acquire() before each Graph request; a Wait means: retry the task after wait.seconds."""

    def __init__(
        self,
        client: redis.Redis,
        limits: MailboxLimits | None = None,
        *,
        prefix: str = "samverkan:graph",
        timezone: str = "Europe/Stockholm",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = client
        self.limits = limits or MailboxLimits()
        self._prefix = prefix
        self._tz = ZoneInfo(timezone)
        self._clock = clock
        self._acquire: Any = client.register_script(_ACQUIRE)

    def acquire(self, mailbox: str, *, recipients: int, messages: int = 1) -> Permit | Wait:
        """Take a slot for one request sending `messages` to `recipients` (0, 0 for a read)."""
        limits = self.limits
        if messages > limits.messages_per_minute or recipients > limits.recipients_per_day:
            raise ValueError("request exceeds a mailbox limit on its own; split it")
        if messages < 0 or recipients < 0:
            raise ValueError("messages and recipients must not be negative")
        now = self._clock()
        day, to_midnight = self._stockholm_day(now)
        keys = self._keys(mailbox, day)
        token = uuid.uuid4().hex
        ok, value, reason = self._acquire(
            keys=keys,
            args=[
                int(now * 1000),
                60_000,
                limits.messages_per_minute,
                messages,
                limits.recipients_per_day,
                recipients,
                2 * 86_400,
                int(to_midnight * 1000),
                limits.max_concurrency,
                int(limits.lease_seconds * 1000),
                token,
                int(limits.concurrency_poll_seconds * 1000),
            ],
        )
        if int(ok) != 1:
            return Wait(
                seconds=max(0.0, float(value) / 1000), reason=cast(WaitReason, _text(reason))
            )
        return Permit(mailbox, token, messages, recipients, self, keys[1])

    def pause(self, mailbox: str, seconds: float) -> None:
        """Graph said 429 with Retry-After: no request for this mailbox until it has passed."""
        key, ms = self._keys(mailbox, "")[3], int(max(0.0, seconds) * 1000)
        left: Any = self._redis.pttl(key)  # sync client: int (-2 when there is none)
        if ms > 0 and int(left) < ms:  # keep a longer pause already set
            self._redis.set(key, "1", px=ms)

    def recipients_today(self, mailbox: str) -> int:
        """Recipients counted so far on this Stockholm day (for the dashboard)."""
        day, _ = self._stockholm_day(self._clock())
        count: Any = self._redis.get(self._keys(mailbox, day)[1])  # sync client: bytes | None
        return int(count or 0)

    def _release(self, permit: Permit, *, sent: bool) -> None:
        window, _, leases, _ = self._keys(permit.mailbox, "")
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.zrem(leases, permit.token)
            if not sent and permit.messages:
                pipe.zrem(window, *(f"{permit.token}:{i}" for i in range(1, permit.messages + 1)))
            if not sent and permit.recipients:
                pipe.decrby(permit._day_key, permit.recipients)
            pipe.execute()

    def _keys(self, mailbox: str, day: str) -> list[str]:
        # {mailbox} is a Redis Cluster hash tag: the script's keys must share a slot
        base = f"{self._prefix}:{{{mailbox.strip().lower()}}}"
        return [f"{base}:window", f"{base}:recipients:{day}", f"{base}:leases", f"{base}:paused"]

    def _stockholm_day(self, now: float) -> tuple[str, float]:
        """The local calendar day and the seconds until its end (23 or 25 hours on DST days)."""
        local = dt.datetime.fromtimestamp(now, self._tz)
        midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), self._tz)
        return local.date().isoformat(), midnight.timestamp() - now


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
