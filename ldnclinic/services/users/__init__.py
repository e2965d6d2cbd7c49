"""Users: accounts, sign-in and passwords. `UserService` (service.py) signs people in, locks
and unlocks accounts and creates and changes them, with its DTOs (SignInResult, UserSummary)
and queries beside it; accounts as typed or listed are checked in accounts.py, users are named
on screen by labels.py, and passwords are hashed by passwords.py."""
