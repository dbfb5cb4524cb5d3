"""The base class of every table's record model."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """One row of a table, typed by its Table Schema.

    Records are frozen (a cached table cannot be changed through one), refuse fields their
    schema does not have, and are strict: values are parsed from the CSV by the schema's
    rules before a record is made, never coerced by pydantic.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    table: ClassVar[str] = ""
