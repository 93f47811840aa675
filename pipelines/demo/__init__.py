"""The demo city: a synthetic district emitted as raw source exports (see generate.py)."""
