"""GridPulse pipelines: source profiles, readers, pure transforms, and the one loader."""
