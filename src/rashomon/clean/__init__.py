"""Clean: main text, title, outlet, date, language and near-duplicates of each raw document."""
