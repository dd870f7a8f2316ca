"""The team's analytics (Streamlit). Not built yet: a later issue brings it."""
