"""Collect: fetch RSS/Atom feeds and pages politely into a JSONL batch that `rashomon analyze` reads."""

from rashomon.collect.options import CollectOptions
from rashomon.collect.run import CollectSummary, collect

__all__ = ["CollectOptions", "CollectSummary", "collect"]
