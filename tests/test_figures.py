"""The shared plotly building blocks."""
from __future__ import annotations

import plotly.graph_objects as go

from dashboard import figures


def test_the_white_template_set_once_is_plotlys_white_template():
    """`figures.white` sets a copy made once instead of copying plotly's template for every
    figure: what the browser gets is the same figure, and no figure changes the template."""
    def bars() -> go.Figure:
        return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    named = bars().update_layout(template="plotly_white", height=300)
    shared = figures.white(bars()).update_layout(height=300)
    assert shared.to_json() == named.to_json()
    styled = figures.style(bars(), y_title="n")
    assert styled.layout.template.to_plotly_json() == named.layout.template.to_plotly_json()
    styled.update_layout(template=None)  # a figure dropping it leaves the others their template
    assert figures.white(bars()).to_json() == shared.update_layout(height=None).to_json()
