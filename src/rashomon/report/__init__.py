"""Present: the self-contained HTML report."""
