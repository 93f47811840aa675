"""GridPulse risk models: hotspot forecasts with backtests, Gi* and space-time classes, dispute escalation risk, alerts."""
