"""Store: SQLAlchemy models, migrations and the unit-of-work helpers the pipeline writes through."""
