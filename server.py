"""Open Seoul Dashboard with its read-only HTTP API, in one server.

    streamlit run server.py          # dashboard at /, data desk at /desk, API under /api

`st.App` serves the Streamlit script (app.py) and mounts the API routes from `api/`
beside it (Streamlit's own routes live under /_stcore, /media, /component, /static).
`streamlit run app.py` still serves the dashboard alone, without the API.
"""
import os

import streamlit as st
from api import routes

# The data desk reads this to show the API's own URLs (and not promise an API that is
# not being served when someone runs app.py alone).
os.environ["OSD_HTTP_API"] = "1"

app = st.App("app.py", routes=routes)

if __name__ == "__main__":
    app.run()
