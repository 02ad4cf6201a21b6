"""Pure Plotly figure builders: numpy arrays in, figure out. No torch, no Streamlit."""
