"""The indicator registry: every indicator declared once in `registry.toml`, parsed and
checked here. Pure Python (no Streamlit), so pages, the handout and the HTTP API share it."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REGISTRY_FILE = Path(__file__).resolve().parent / "registry.toml"

CADENCES = ("hourly", "snapshot", "daily", "monthly", "yearly", "list")
COMPARES = ("previous", "year_ago")  # plus "trailing:N"
CHART_KINDS = ("line", "bar")
GLANCE_SECTIONS = ("air", "bikes", "safety")


class RegistryError(ValueError):
    """registry.toml declares something inconsistent (caught by tests, not users)."""


@dataclass(frozen=True)
class Text:
    ko: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class QueryRef:
    query: str
    value: str = "value"
    params: tuple[tuple[str, object], ...] = ()

    def fixed(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class Detail:
    column: str
    label: Text
    decimals: int = 0


@dataclass(frozen=True)
class Indicator:
    id: str
    title: Text
    short: Text
    subject: Text
    unit: Text
    decimals: int
    series: QueryRef
    compare: str
    chart_kind: str
    chart_window: int
    datasets: tuple[str, ...]
    cadence: str
    what: Text
    why: Text
    caveats: Text
    page: str = "glance"
    better: str | None = None  # "lower" | "higher"
    grade: str | None = None  # pollutant graded with the Korean 24-hour bands
    standard: str | None = None  # pollutant judged against annual Korean standard and WHO guideline
    map: QueryRef | None = None
    districts: bool = False
    details: tuple[Detail, ...] = field(default_factory=tuple)
    glance: str | None = None
    glance_map: bool = False
    supersedes: str | None = None
    sign: bool = False

    @property
    def is_count(self) -> bool:
        """Whole counts (accidents, stations) read 'more/fewer'; measures read 'higher/lower'."""
        return self.decimals == 0 and self.unit.en != "%"

    @property
    def trailing_days(self) -> int | None:
        return int(self.compare.split(":", 1)[1]) if self.compare.startswith("trailing:") else None


def _text(node, where: str) -> Text:
    if isinstance(node, str):
        return Text(node, node)
    if not isinstance(node, dict) or not {"ko", "en"} <= set(node):
        raise RegistryError(f"{where}: needs ko and en")
    return Text(node["ko"], node["en"])


def _query_ref(node: dict, where: str) -> QueryRef:
    if "query" not in node:
        raise RegistryError(f"{where}: query missing")
    return QueryRef(node["query"], node.get("value", "value"), tuple(sorted(node.get("params", {}).items())))


def _parse(ind_id: str, node: dict) -> Indicator:
    chart = node.get("chart", {})
    judge = node.get("judge", {})
    compare = node.get("compare", "previous")
    if compare not in COMPARES and not (compare.startswith("trailing:") and compare[9:].isdigit()):
        raise RegistryError(f"{ind_id}: compare {compare!r}")
    if node.get("cadence") not in CADENCES:
        raise RegistryError(f"{ind_id}: cadence must be one of {CADENCES}")
    if chart.get("kind", "line") not in CHART_KINDS:
        raise RegistryError(f"{ind_id}: chart kind {chart.get('kind')!r}")
    if node.get("glance") not in (None, *GLANCE_SECTIONS):
        raise RegistryError(f"{ind_id}: glance section {node.get('glance')!r}")
    return Indicator(
        id=ind_id, title=_text(node["title"], f"{ind_id}.title"), short=_text(node["short"], f"{ind_id}.short"),
        subject=_text(node["subject"], f"{ind_id}.subject"), unit=_text(node.get("unit", ""), f"{ind_id}.unit"),
        decimals=int(node.get("decimals", 0)), series=_query_ref(node["series"], f"{ind_id}.series"),
        compare=compare, chart_kind=chart.get("kind", "line"), chart_window=int(chart.get("window", 36)),
        datasets=tuple(node.get("datasets", ())), cadence=node["cadence"],
        what=_text(node["what"], f"{ind_id}.what"), why=_text(node["why"], f"{ind_id}.why"),
        caveats=_text(node["caveats"], f"{ind_id}.caveats"), page=node.get("page", "glance"),
        better=node.get("better"), grade=judge.get("grade"), standard=judge.get("standard"),
        map=_query_ref(node["map"], f"{ind_id}.map") if "map" in node else None,
        districts=bool(node.get("districts", False)),
        details=tuple(Detail(d["column"], _text(d["label"], f"{ind_id}.details"), int(d.get("decimals", 0)))
                      for d in node.get("details", ())),
        glance=node.get("glance"), glance_map=bool(node.get("glance_map", False)),
        supersedes=node.get("supersedes"), sign=bool(node.get("sign", False)))


@lru_cache(maxsize=1)
def registry() -> dict[str, Indicator]:
    """id → Indicator, in declaration order."""
    with open(REGISTRY_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    out = {ind_id: _parse(ind_id, node) for ind_id, node in raw.items()}
    for ind in out.values():
        if ind.supersedes and ind.supersedes not in out:
            raise RegistryError(f"{ind.id}: supersedes unknown {ind.supersedes!r}")
    return out


def get(ind_id: str) -> Indicator | None:
    return registry().get(ind_id)


def ids() -> list[str]:
    return list(registry())
