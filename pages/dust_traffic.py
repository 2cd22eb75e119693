"""Placeholder while the page is being built in this session (replaced before commit)."""
import streamlit as st

from dashboard import layout
from dashboard.i18n import t


def render() -> None:
    layout.header(t("dust_traffic.title"))
    st.info("…")
