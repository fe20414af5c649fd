"""`python -m components.data check FILE`: the same check as components/data/memberships.py;
`python -m components.data funding FILE`: a funding CSV's check (components/data/funding.py)."""

import sys

from components.base.i18n import default_language
from components.data.memberships import main

if len(sys.argv) == 3 and sys.argv[1] == "funding":
    from pathlib import Path

    from components.data.funding import check_file

    sys.exit(check_file(Path(sys.argv[2]), default_language()))
sys.exit(main())
