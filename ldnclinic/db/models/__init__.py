"""All ORM models, one module per area. Importing this package registers every table on
Base.metadata (Alembic and `create_all` rely on it); import a model from its own module."""

from ldnclinic.db.models import audit, clinic, followups, handouts, patients, prescriptions, users

TABLE_MODULES = (audit, clinic, followups, handouts, patients, prescriptions, users)
