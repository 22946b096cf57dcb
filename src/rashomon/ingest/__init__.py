"""Ingest: read files, directories, JSONL batches and stdin into decoded `RawDocument`s."""
