"""The briefing handout: a deck of indicators as an A4 PDF with embedded Korean fonts,
chart images, key numbers, takeaways, sources, licences, as-of dates and links back to
the live view. No Streamlit here: the presentation page and the HTTP API both call
`handout.build_pdf`."""
