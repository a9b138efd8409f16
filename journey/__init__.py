"""Journey Lens: customer journey maps computed from survey data (no Streamlit in here)."""
