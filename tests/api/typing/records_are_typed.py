"""Checked by mypy in tests/api/test_typing.py, never run: what a type checker knows of the API."""

from typing import assert_type

import pandas as pd
import polars as pl

import jihadistds
from jihadistds import Package
from jihadistds.models import Actor, Count, EventActor, GroupSize

assert_type(jihadistds.records("actors"), list[Actor])
assert_type(jihadistds.records("group_sizes"), list[GroupSize])
assert_type(Package("elsewhere").records("counts"), list[Count])
assert_type(Package().records("event_actors"), list[EventActor])
assert_type(jihadistds.load("counts"), pd.DataFrame)
assert_type(jihadistds.resources(), list[jihadistds.TableName])
assert_type(jihadistds.load_all(), dict[jihadistds.TableName, pd.DataFrame])
assert_type(jihadistds.load("counts", backend="polars"), pl.DataFrame)
assert_type(Package().load_all(backend="polars"), dict[jihadistds.TableName, pl.DataFrame])

# Every table, by the names resources() gives: typed without a cast.
for name in jihadistds.resources():
    jihadistds.records(name)
    jihadistds.load(name)

# A misspelt table name is a type error; warn_unused_ignores makes this line fail if it is not.
jihadistds.records("grup_sizes")  # type: ignore[call-overload]
jihadistds.load("grup_sizes")  # type: ignore[call-overload]
jihadistds.load("counts", backend="numpy")  # type: ignore[call-overload]

size = jihadistds.records("group_sizes")[0]
assert_type(size.value, int | None)
size.value + 1  # type: ignore[operator]
