"""``python -m dashboard.serve <streamlit args>``: Streamlit's server, readied for its first visitor.

Streamlit imports a page's modules and opens the warehouse only when the first browser connects,
so the first wall after a restart (a command-centre screen switched on in the morning) paid ~1.5 s
more than every later one. Here the modules are imported before the server starts, and once it
runs, one thread reads what the wall shows into the same caches the pages use. The server
accepts visitors meanwhile; one that arrives before the thread is done simply computes alongside.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

# The modules every page imports: importing them here puts them in sys.modules, where the page
# scripts (run by Streamlit with exec) find them.
import plotly.graph_objects  # noqa: F401
import pydeck  # noqa: F401

from dashboard import charts, data, maps, wall_kpis, wall_layout  # noqa: F401

log = logging.getLogger("gridpulse.serve")


def warm(timeout_s: float = 60.0) -> None:
    """Read the wall's data into Streamlit's caches once its runtime exists (before that, a
    cached function would fill a throwaway in-memory cache instead of the server's)."""
    from streamlit import runtime

    deadline = time.monotonic() + timeout_s
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    try:
        snapshot = data.current_snapshot()
        if snapshot is None:
            return
        now = data.reference_time(snapshot)
        data.wall_bundle(snapshot, now)
        data.grid_shapes(snapshot)
        data.region_shapes(snapshot)
        data.grid_measures(snapshot, now)  # the grid profile's first read (cold, ~0.6 s)
    except Exception:  # a warm-up that fails costs the first visitor time, nothing else
        log.exception("warming the wall's data failed; the first visitor reads it instead")


def main() -> None:
    from streamlit.web import cli

    threading.Thread(target=warm, name="gridpulse-warm", daemon=True).start()
    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
