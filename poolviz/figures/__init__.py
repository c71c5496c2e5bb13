"""Plotly figure builders: one picture from one trace step. No Streamlit here."""
