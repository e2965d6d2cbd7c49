"""Administration: clinic profile, user accounts, the pharmacy directory, the audit trail."""
