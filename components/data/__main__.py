"""`python -m components.data check FILE`: the same check as components/data/memberships.py."""

import sys

from components.data.memberships import main

sys.exit(main())
