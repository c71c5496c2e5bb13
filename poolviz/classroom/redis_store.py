"""The classroom store in Redis: for one class served by several poolviz processes (POOLVIZ_STORE=redis://...).

Every write is one Lua script, so it runs at once (Redis runs a script alone): "one answer per student per
round" is HSETNX on the round's answers hash, and the tally's count moves in the same script. Every script
first checks that the class still exists, so a write never brings back part of an ended class.

Keys, all of one class under one hash tag (one cluster slot), all expiring with the class:
    poolviz:{CODE}:class        hash: key_hash, created_at, expires_at, deadline_ms, step, current, next_round, version
    poolviz:{CODE}:students     hash: student id -> nickname ("" for none)
    poolviz:{CODE}:rounds       set of round ids
    poolviz:{CODE}:round:N      hash: question, right, state, again, asked_at ("" for none)
    poolviz:{CODE}:answers:N    hash: student id -> answer (canonical JSON)
    poolviz:{CODE}:counts:N     hash: answer -> how many students gave it
"""

from __future__ import annotations

import time
from collections.abc import Callable

from poolviz.classroom.errors import ClassNotFoundError, InvalidInputError, StoreUnavailableError
from poolviz.classroom.store import DAY_S, ClassRow, RoundRow, Store

try:
    import redis
except ImportError:  # the optional extra: pip install 'poolviz[redis]'
    redis = None

# Redis removes a class's keys this long after the store's own clock has ended the class: the store says
# "no class has the code" first, in plain words, and Redis frees the memory after.
SLACK_S = 60

_CREATE = """
local ends = redis.call('HGET', KEYS[1], 'expires_at')
if ends and tonumber(ends) > tonumber(ARGV[3]) then return 0 end
if ends then
  for _, n in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    redis.call('DEL', ARGV[1] .. 'round:' .. n, ARGV[1] .. 'answers:' .. n, ARGV[1] .. 'counts:' .. n)
  end
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
end
redis.call('HSET', KEYS[1], 'key_hash', ARGV[2], 'created_at', ARGV[3], 'expires_at', ARGV[4],
  'deadline_ms', ARGV[5], 'step', '', 'current', '', 'next_round', 1, 'version', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1
"""

_JOIN = """
local deadline = redis.call('HGET', KEYS[1], 'deadline_ms')
if not deadline then return -1 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], deadline)
return 1
"""

_ASK = """
local deadline = redis.call('HGET', KEYS[1], 'deadline_ms')
if not deadline then return -1 end
local n = redis.call('HINCRBY', KEYS[1], 'next_round', 1) - 1
local current = redis.call('HGET', KEYS[1], 'current')
if current ~= '' then
  local key = ARGV[1] .. 'round:' .. current
  if redis.call('HGET', key, 'state') == 'open' then redis.call('HSET', key, 'state', 'closed') end
end
local key = ARGV[1] .. 'round:' .. n
redis.call('HSET', key, 'question', ARGV[2], 'right', ARGV[3], 'state', 'open', 'again', ARGV[4], 'asked_at', ARGV[5])
redis.call('PEXPIREAT', key, deadline)
redis.call('SADD', KEYS[2], n)
redis.call('PEXPIREAT', KEYS[2], deadline)
redis.call('HSET', KEYS[1], 'current', n)
redis.call('HINCRBY', KEYS[1], 'version', 1)
return n
"""

_STATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local state = redis.call('HGET', KEYS[2], 'state')
for i = 2, #ARGV do
  if state == ARGV[i] then
    redis.call('HSET', KEYS[2], 'state', ARGV[1])
    redis.call('HINCRBY', KEYS[1], 'version', 1)
    return 1
  end
end
return 0
"""

_ANSWER = """
local deadline = redis.call('HGET', KEYS[1], 'deadline_ms')
if not deadline then return 'no class' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 'no student' end
if redis.call('HEXISTS', KEYS[4], ARGV[1]) == 1 then return 'answered' end
if redis.call('HGET', KEYS[3], 'state') ~= 'open' then return 'not open' end
redis.call('HSETNX', KEYS[4], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
redis.call('PEXPIREAT', KEYS[4], deadline)
redis.call('PEXPIREAT', KEYS[5], deadline)
return 'ok'
"""

_STEP = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'step', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
"""

_RESET = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
for _, n in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('DEL', ARGV[1] .. 'round:' .. n, ARGV[1] .. 'answers:' .. n, ARGV[1] .. 'counts:' .. n)
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'step', '', 'current', '')
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
"""


def _none(text: str | None) -> str | None:
    return text if text else None


class RedisStore(Store):
    def __init__(self, url: str, *, ttl_s: float = DAY_S, clock: Callable[[], float] = time.time) -> None:
        super().__init__(ttl_s=ttl_s, clock=clock)
        if redis is None:
            raise InvalidInputError(
                "This store address needs the redis package: pip install 'poolviz[redis]' (or pip install redis)."
            )
        self.backend_errors = (redis.RedisError,)
        try:
            self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        except ValueError as error:  # redis-py's own word on a malformed URL
            raise InvalidInputError(f"The store address is not a Redis URL redis-py can read: {error}.") from None
        args = self._redis.connection_pool.connection_kwargs
        self.where = f"Redis at {args.get('host', args.get('path', '?'))}:{args.get('port', '')}/{args.get('db', 0)}"
        self._scripts = {
            name: self._redis.register_script(source)
            for name, source in [
                ("create", _CREATE),
                ("join", _JOIN),
                ("ask", _ASK),
                ("state", _STATE),
                ("answer", _ANSWER),
                ("step", _STEP),
                ("reset", _RESET),
            ]
        }
        try:
            self._redis.ping()
        except redis.RedisError as error:
            raise StoreUnavailableError(
                f"The class store ({self.where}) does not answer: is redis-server running?"
            ) from error

    def close(self) -> None:
        self._redis.close()

    @staticmethod
    def _prefix(code: str) -> str:
        return f"poolviz:{{{code}}}:"

    def _run(self, name: str, code: str, keys: list[str], args: list) -> object:
        prefix = self._prefix(code)
        result = self._scripts[name](keys=[prefix + key for key in keys], args=args)
        if result in (-1, "no class"):  # the class ended between the store's check and this write
            raise ClassNotFoundError(f"No class has the code {code}: the class has ended.")
        return result

    # --- classes and students ------------------------------------------------------------------------------

    def _insert_class(self, code: str, key_hash: str, now: float, expires_at: float) -> bool:
        deadline_ms = int((time.time() + (expires_at - now) + SLACK_S) * 1000)
        args = [self._prefix(code), key_hash, repr(now), repr(expires_at), deadline_ms]
        return self._run("create", code, ["class", "students", "rounds"], args) == 1

    def _load_class(self, code: str) -> ClassRow | None:
        row = self._redis.hgetall(self._prefix(code) + "class")
        if not row:
            return None
        current = _none(row["current"])
        return ClassRow(
            row["key_hash"],
            float(row["expires_at"]),
            _none(row["step"]),
            None if current is None else int(current),
            int(row["version"]),
        )

    def _insert_student(self, code: str, student: str, nickname: str | None, now: float, limit: int) -> bool:
        return self._run("join", code, ["class", "students"], [student, nickname or "", limit]) == 1

    def _count_students(self, code: str) -> int:
        return self._redis.hlen(self._prefix(code) + "students")

    def _nicknames(self, code: str) -> dict[str, str | None]:
        return {student: _none(name) for student, name in self._redis.hgetall(self._prefix(code) + "students").items()}

    # --- rounds --------------------------------------------------------------------------------------------

    def _insert_round(self, code: str, question: str, right: str | None, again: int | None, now: float) -> int:
        args = [self._prefix(code), question, right or "", "" if again is None else again, repr(now)]
        return int(self._run("ask", code, ["class", "rounds"], args))

    def _load_round(self, code: str, rnd: int) -> RoundRow | None:
        row = self._redis.hgetall(f"{self._prefix(code)}round:{rnd}")
        if not row:
            return None
        again = _none(row["again"])
        return RoundRow(rnd, row["question"], _none(row["right"]), row["state"], None if again is None else int(again))

    def _set_state(self, code: str, rnd: int, from_states: tuple[str, ...], to_state: str) -> None:
        self._run("state", code, ["class", f"round:{rnd}"], [to_state, *from_states])

    def _save_step(self, code: str, step: str) -> None:
        self._run("step", code, ["class"], [step])

    def _reset(self, code: str) -> None:
        self._run("reset", code, ["class", "rounds"], [self._prefix(code)])

    # --- answers -------------------------------------------------------------------------------------------

    def _insert_answer(self, code: str, rnd: int, student: str, answer: str, now: float) -> str:
        keys = ["class", "students", f"round:{rnd}", f"answers:{rnd}", f"counts:{rnd}"]
        return str(self._run("answer", code, keys, [student, answer]))

    def _count_answers(self, code: str, rnd: int) -> int:
        return self._redis.hlen(f"{self._prefix(code)}answers:{rnd}")

    def _tally(self, code: str, rnd: int) -> dict[str, int]:
        return {key: int(n) for key, n in self._redis.hgetall(f"{self._prefix(code)}counts:{rnd}").items()}

    def _answers(self, code: str, rnd: int) -> dict[str, str]:
        return self._redis.hgetall(f"{self._prefix(code)}answers:{rnd}")

    def _answer_of(self, code: str, rnd: int, student: str) -> str | None:
        return self._redis.hget(f"{self._prefix(code)}answers:{rnd}", student)
