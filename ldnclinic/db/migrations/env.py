"""Alembic environment: runs on a connection handed over by ldnclinic.db.migrate."""

from __future__ import annotations

from alembic import context

from ldnclinic.db import models  # noqa: F401  (registers the tables)
from ldnclinic.db.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we always pass a connection
    raise RuntimeError("ldnclinic migrations run through ldnclinic.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=config.attributes.get("include_object"),
)
with context.begin_transaction():
    context.run_migrations()
