"""The flows that cross packages, and the command lines that run them.

Layers (checked by import-linter in ``.ci/run``, contract in ``.importlinter``): ``warehouse``
at the bottom knows no other package; ``pipelines`` and ``models`` stand on it and not on each
other; ``orchestration`` runs their flows (load then refresh the touched scores, bootstrap the
demo, refresh models and alerts) for every CLI and the dashboard; ``dashboard`` is on top.

Importing this package registers every warehouse writer (``warehouse.db.applier``), so a
snapshot writer in any entry point can replay any journalled change.
"""

from orchestration import appliers as _appliers  # noqa: F401 - registers the writers
