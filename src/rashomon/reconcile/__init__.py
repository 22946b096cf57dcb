"""Cross-article stage: agreements, stories, incidents, contradictions and framing, computed over
what the store holds after the per-article stages."""
