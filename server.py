"""Open Seoul Dashboard with its read-only HTTP API, in one server.

    streamlit run server.py          # dashboard at /, data desk at /desk, API under /api

`st.App` serves the Streamlit script (app.py) and mounts the API routes from `api/`
beside it (Streamlit's own routes live under /_stcore, /media, /component, /static).
Its lifespan starts the live refresher (one per host: a file lock under var/ elects
it among server processes) and stops it on shutdown.
`streamlit run app.py` still serves the dashboard alone, without the API.
"""
import os
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from api import routes, tcp_nodelay
from api.json_errors import JsonErrors
from dashboard import data
from queries import refresher

# The data desk reads this to show the API's own URLs (and not promise an API that is
# not being served when someone runs app.py alone).
os.environ["OSD_HTTP_API"] = "1"


@asynccontextmanager
async def lifespan(_app):
    tcp_nodelay.set_on_listening_sockets()  # WORKAROUND for Streamlit 1.67, see api/tcp_nodelay.py
    refresher.start_live_refresher(data.api_key())
    try:
        yield None
    finally:
        refresher.stop_live_refresher()


app = st.App("app.py", routes=routes, lifespan=lifespan, middleware=[Middleware(JsonErrors)])

if __name__ == "__main__":
    app.run()
