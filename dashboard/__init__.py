"""GridPulse dashboard (Streamlit)."""
