"""Alembic environment: runs on the connection handed over by ``djdesk.store.migrate``."""

from __future__ import annotations

from alembic import context

from djdesk.store.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch copies the table.
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
