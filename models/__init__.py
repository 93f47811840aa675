"""GridPulse risk models (hotspot forecasts, dispute escalation): built in a later issue."""
