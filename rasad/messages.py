"""What crosses Redis between nodes, as plain JSON (never pickle: a message is data, nothing in it
is ever executed). Every message carries ``"v": VERSION``; a node refuses a message of another
version rather than misread it.

:func:`to_json` and :func:`from_json` turn the analysis's dataclasses (:class:`rasad.analyse.analysis.Analysed`
with its article, fingerprint and tags) into JSON and back, by their type hints: tuples, sets and
lists become lists, bytes base64, a NumPy array its dtype and values. Reads no settings.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import logging
import types
import typing
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

VERSION = 2  # 2: a fingerprint's content 3-grams are of word skeletons (rasad.analyse.dedup)


class WrongVersion(ValueError):
    """A message from a node of another version."""


def check_version(message: dict) -> dict:
    if not isinstance(message, dict) or message.get("v") != VERSION:
        got = message.get("v") if isinstance(message, dict) else type(message).__name__
        raise WrongVersion(f"message version {got!r}, this node reads version {VERSION}: upgrade the nodes together")
    return message


def payload_or_dead_letter(consumer, message, kind: str) -> dict | None:
    """The payload of a consumed Dramatiq *message* (a *kind*: "store message", "crawl job"...),
    or None once a message of another version is dead-lettered (retrying would not make it
    readable), said in one line."""
    try:
        return check_version(message.args[0])
    except WrongVersion as exc:
        logger.error("%s %s dead-lettered: %s", kind, message.message_id, exc)
        consumer.nack(message)
        return None


def to_json(value: Any) -> Any:
    """*value* as JSON-ready data (see the module docstring)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        return {"dtype": str(value.dtype), "values": value.tolist()}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(item) for item in value]
    return value


# values JSON holds as they are, outside a dict's keys: a collection of them is taken whole (a
# message holds thousands of them, and the writer decodes every message)
_PLAIN = (int, float, str, bool)


def from_json(kind: Any, data: Any) -> Any:
    """The value of type *kind* that :func:`to_json` gave *data* for."""
    origin, args, fields = _shape(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return from_json(next(arg for arg in args if arg is not type(None)), data)
    if fields is not None:
        return kind(**{name: from_json(hint, data[name]) for name, hint in fields if name in data})
    if origin in (dict, tuple, list, set, frozenset):
        return _collection(origin, args, data)
    return _scalar(kind, data)


def _collection(origin: type, args: tuple, data: Any) -> Any:
    """A dict, tuple, list or set of the item types *args* from its JSON *data*."""
    if origin is dict:
        return {from_json(args[0], key): from_json(args[1], item) for key, item in data.items()}
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        return tuple(from_json(arg, item) for arg, item in zip(args, data, strict=True))
    if args[0] in _PLAIN:
        return origin(data)
    return origin(from_json(args[0], item) for item in data)


def _scalar(kind: Any, data: Any) -> Any:
    """A NumPy array, bytes, an int dict key, or a value JSON holds as it is."""
    if kind is np.ndarray:
        return np.asarray(data["values"], dtype=data["dtype"])
    if kind is bytes:
        return base64.b64decode(data)
    if kind is int and isinstance(data, str):  # a dict key
        return int(data)
    return data


@functools.cache
def _shape(kind: Any) -> tuple[Any, tuple, tuple[tuple[str, Any], ...] | None]:
    """*kind*'s origin, its arguments, and its fields with their types when it is a dataclass."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return None, (), tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))
    return typing.get_origin(kind), typing.get_args(kind), None
