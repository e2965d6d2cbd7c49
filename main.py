"""Start ldnclinic: `python main.py` does what the `ldnclinic` command does."""

from ldnclinic.app import main

raise SystemExit(main())
