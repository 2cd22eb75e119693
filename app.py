"""Open Seoul Dashboard — Streamlit entry point.

`streamlit run server.py` serves this app together with the read-only HTTP API;
`streamlit run app.py` serves the dashboard alone. The shell lives in dashboard/shell.py.
"""
from dashboard import shell

shell.main()
