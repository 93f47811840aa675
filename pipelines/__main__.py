"""``python -m pipelines``: the entry point. The commands live in ``orchestration.cli.pipelines``
(they run flows that cross packages: a load refreshes the assessment periods it touched)."""

import sys

from orchestration.cli.pipelines import main

if __name__ == "__main__":
    sys.exit(main())
