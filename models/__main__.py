"""``python -m models``: the entry point. The commands live in ``orchestration.cli.models``."""

import sys

from orchestration.cli.models import main

if __name__ == "__main__":
    sys.exit(main())
