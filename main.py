"""Start ldnclinic: `python main.py` does what the `ldnclinic` command does."""

from ldnclinic.entry import main

raise SystemExit(main())
