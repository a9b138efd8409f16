"""The Streamlit side of Journey Lens: the page frame, cached loaders, chart panels."""
