"""Pure domain logic shared by queries, pages and tests (no Streamlit, no I/O)."""
