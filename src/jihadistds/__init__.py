"""jihadistds: structured, validated, source-attributed facts about jihadist groups."""

from __future__ import annotations
