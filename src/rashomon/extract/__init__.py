"""Extract: statements (and later actors, places, times, events, agreements) from analysed docs."""
