"""The Streamlit layer: reads widgets, calls the core, trace and figures, places the results."""
