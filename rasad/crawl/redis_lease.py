"""Locks in Redis with a timeout, held by a token: the singleton coordinator's lock and, on
worker nodes, the sources' leases (the Redis twin of :mod:`rasad.store.leases`).

A lock is one key, ``SET key VALUE NX PX ttl``: its value names the holder (host, pid and a random
token) and when it took the lock, so a refusal says who has it and since when. It is renewed
(``PEXPIRE``) and released (``DEL``) by Lua scripts that first compare the value, so only its
holder ever renews or releases it: a holder that was paused past the timeout finds the lock gone
or another's and stops, never deleting the new holder's lock.

A source's lease goes faster than its timeout when its holder died: every lease holder keeps an
"alive" key (``rasad:alive:HOLDER``, expiring ``ALIVE_SECONDS`` after the holder last beat,
:meth:`RedisLeases.beat`), and a lease whose holder's alive key is gone may be taken at once, in
the same Lua script that checks it (so two takers never both win). A node killed with SIGKILL
thus frees its sources ``ALIVE_SECONDS`` after its last beat, well before its crawl job comes
back to another node (Dramatiq's heartbeat timeout, 60 s); a live holder keeps its lease,
renewed, as before (another taker gets a Busy). The coordinator's lock has no alive key: it
goes with its timeout.

Reads ``RASAD_LEASE_SECONDS`` (through :mod:`rasad.store.leases`): a lease's timeout.
"""

from __future__ import annotations

from rasad.base import clock
from rasad.store.leases import LEASE_SECONDS, Busy

PREFIX = "rasad:lease:"
ALIVE_PREFIX = "rasad:alive:"
ALIVE_SECONDS = 30  # a holder beats every rasad.coordinator.HEARTBEAT_SECONDS (10)

# KEYS[1]: the lock; ARGV[1]: the holder's value; ARGV[2]: the timeout in ms
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
# KEYS[1]: the lock; ARGV[1]: our value; ARGV[2]: the timeout in ms; ARGV[3]: the alive keys' prefix
# (empty: a lock that goes with its timeout only). Returns the current value when another holds
# the lock and lives, else takes it (nil).
_ACQUIRE = """
local current = redis.call('get', KEYS[1])
if current and (ARGV[3] == '' or redis.call('exists', ARGV[3] .. string.match(current, '^(.*)|')) == 1) then
    return current
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
"""


class RedisLock:
    """One lock *key* in Redis for *holder* (see the module docstring), expiring *seconds* after
    it was taken or last renewed."""

    def __init__(self, client, key: str, holder: str, seconds: float = LEASE_SECONDS, alive_prefix: str = ""):
        self.client = client
        self.key = key
        self.holder = holder
        self.ttl_ms = round(seconds * 1000)
        self.alive_prefix = alive_prefix  # a holder whose alive key is gone loses the lock at once
        self.value: str | None = None  # ours while held
        self._acquire = client.register_script(_ACQUIRE)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def acquire(self) -> tuple[str, str] | None:
        """Take the lock; None when taken, else (holder, since) of the live one who has it."""
        value = f"{self.holder}|{clock.timestamp()}"
        current = self._acquire(keys=[self.key], args=[value, self.ttl_ms, self.alive_prefix])
        if current is None:
            self.value = value
            return None
        holder, _, since = current.decode().rpartition("|")
        return holder, since

    def renew(self) -> bool:
        """Whether the lock is still ours (its timeout starts again)."""
        return self.value is not None and bool(self._renew(keys=[self.key], args=[self.value, self.ttl_ms]))

    def release(self) -> None:
        if self.value is not None:
            self._release(keys=[self.key], args=[self.value])
            self.value = None


class RedisLeases:
    """The sources' leases of one *holder* in Redis, for :func:`scheduler.crawl_one` on a worker
    node: the same methods as :class:`rasad.store.leases.SqliteLeases`."""

    def __init__(self, client, holder: str):
        self.client = client
        self.holder = holder
        self._held: dict[str, RedisLock] = {}

    def beat(self) -> None:
        """Say this holder lives, for ``ALIVE_SECONDS`` (see the module docstring)."""
        self.client.set(ALIVE_PREFIX + self.holder, 1, ex=ALIVE_SECONDS)

    def acquire(self, source: str) -> Busy | None:
        self.beat()  # alive from its first lease on, beating or not yet
        lock = RedisLock(self.client, PREFIX + source, self.holder, alive_prefix=ALIVE_PREFIX)
        other = lock.acquire()
        if other is not None:
            return Busy(source, *other)
        self._held[source] = lock
        return None

    def renew(self, source: str) -> bool:
        lock = self._held.get(source)
        return lock is not None and lock.renew()

    def release(self, source: str) -> None:
        lock = self._held.pop(source, None)
        if lock is not None:
            lock.release()
