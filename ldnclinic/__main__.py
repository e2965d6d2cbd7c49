"""`python -m ldnclinic` does what the `ldnclinic` command does."""

from ldnclinic.app import main

raise SystemExit(main())
