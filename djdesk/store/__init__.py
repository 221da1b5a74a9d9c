"""SQLAlchemy 2 models, the engine factory, migrations, backup/restore/integrity."""
