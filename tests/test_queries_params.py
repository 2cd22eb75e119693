"""Every named query also runs away from its defaults: each declared choice of each
parameter, a date a year earlier, a neighbouring integer, the other boolean, a district
filter. A query whose SQL only works at its default values (a CASE branch never taken, a
filter that breaks on a non-empty list) fails here, on the real bundled warehouse."""
from __future__ import annotations

import datetime as dt

import pytest

import queries


def _variants(query: queries.NamedQuery) -> list[tuple[str, object]]:
    """(parameter, value) pairs other than the defaults, one parameter changed at a time."""
    out: list[tuple[str, object]] = []
    for p in query.params:
        default = p.coerce(None) if p.default not in (None, "") or p.type == "VARCHAR[]" else None
        if p.type == "VARCHAR[]":
            if p.choices:
                out.append((p.name, list(p.choices[:2])))
            elif "district" in p.name or p.name in ("gus", "gu"):
                out.append((p.name, ["강남구", "종로구"]))
        elif p.choices:
            out += [(p.name, c) for c in p.choices if c != str(default)]
        elif p.type == "DATE" and default is not None:
            out.append((p.name, default - dt.timedelta(days=365)))
        elif p.type == "INTEGER" and default is not None:
            out.append((p.name, default - 1 if default > 1 else default + 1))
        elif p.type == "BOOLEAN" and default is not None:
            out.append((p.name, not default))
    return out


CASES = [(name, param, value) for name in sorted(queries.registry())
         for param, value in _variants(queries.get(name))]


def test_most_queries_have_parameters_to_vary():
    assert len({name for name, _, _ in CASES}) >= len(queries.registry()) // 3


@pytest.mark.parametrize(("name", "param", "value"), CASES, ids=[f"{n}-{p}={v}" for n, p, v in CASES])
def test_query_runs_with_non_default_parameter(con, name, param, value):
    query = queries.get(name)
    result = queries.run(name, {param: value}, con=con)
    assert list(result.frame.columns) == [c for c, _ in query.columns]
    assert result.params[param] == query.params[[p.name for p in query.params].index(param)].coerce(value)
