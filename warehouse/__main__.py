"""``python -m warehouse``: the entry point. The commands live in ``orchestration.cli.warehouse``."""

import sys

from orchestration.cli.warehouse import main

if __name__ == "__main__":
    sys.exit(main())
