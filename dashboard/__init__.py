"""The Streamlit-aware layer: language, URL state, cached data access, layout.

Pages import from here; `data_sources/`, `queries/` and `domain/` never import
Streamlit, so the same code runs from the CLI, tests and the HTTP API.
"""
