"""Use cases. Each public call is one transaction, checks the caller's permission,
writes the audit trail and returns frozen dataclasses (never ORM objects)."""
