"""Client for the Seoul Open Data Plaza Open API (http://openapi.seoul.go.kr:8088).

Spec: ../shared/specs/seoul-open-api.md (§1 URLs, §2 envelopes, §3 result codes).

Layers, from the bottom up:

- `build_url`      turns segments into a URL. The key is a *path segment*, so every
                   segment is percent-encoded on its own.
- `parse_body`     turns a response text into a `ParsedBody` (code, message, rows, total,
                   document). No I/O, so it can be tested on captured samples. Bodies
                   that are not an API answer (empty, HTML, garbage) get pseudo codes
                   (`EMPTY-BODY`, `HTML-PAGE`, `BAD-BODY`) so one classifier handles all.
- `outcome_of` /   map every code to exactly one outcome ("ok", "empty", "config",
  `error_for`      "bad_request", "retry_later") and to one exception class with a
                   one-line message a user can act on.
- `SeoulOpenAPI`   HTTP, retries with exponential backoff, paging.

Raw rows stay dicts of whatever the API sent (numbers are often strings); coercion
is the normalizers' job (`data_sources.live`).

The key never leaves this module un-redacted: it is registered with
`data_sources.redact`, exception messages and log lines go through `redact`, urllib3's
request logging is filtered, and transport exceptions (whose text contains the URL) are
never chained onto the errors we raise.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import requests

from . import settings
from .redact import install_log_redaction, redact, register_secret

log = logging.getLogger("data_sources.openapi")
# urllib3 logs each request path (which contains the key) at DEBUG level.
install_log_redaction("urllib3.connectionpool", "urllib3.connection", "requests")

RESPONSE_TYPE = "json"
MAX_PAGE_SIZE = 1000  # ERROR-336 above this
SAMPLE_KEY = "sample"  # works without registration, rows 1–5 only (ERROR-335 beyond)
SAMPLE_KEY_MAX_ROWS = 5
DOCUMENT_RANGE = (1, 5)  # citydata answers one place per call; 1/5 is what the docs use

# JSON root key per service when it is not the service name (spec §2.1). Only a fallback:
# the parser first takes whichever top-level object holds `row`.
ROOT_KEYS: dict[str, tuple[str, ...]] = {
    "bikeList": ("rentBikeStatus",),
    "bikeListHist": ("rentBikeStatus",),
    "tbCycleStationInfo": ("stationInfo",),
    "bikeStationMaster": ("bikeStationMaster",),
    "tbCycleRentData": ("rentData",),
    "tbCycleFailureReport": ("failureReport",),
    "tbCycleRentUseDayInfo": ("cycleRentUseDayInfo", "CycleRentUseDayInfo"),
    "RealtimeCityAir": ("RealtimeCityAir",),
    "TimeAverageAirQuality": ("TimeAverageAirQuality",),
    "TrafficInfo": ("TrafficInfo",),
    "VolInfo": ("VolInfo",),
    "SpotInfo": ("SpotInfo",),
}
# Services that answer one document instead of a row list (spec §2.2).
DOCUMENT_KEYS: dict[str, str] = {
    "citydata": "CITYDATA",
    "citydata_ppltn": "SeoulRtd.citydata_ppltn",
}

OK, EMPTY, CONFIG, BAD_REQUEST, RETRY_LATER = "ok", "empty", "config", "bad_request", "retry_later"

# Every documented code → (outcome, English explanation). Spec §3; the last three are
# only known from sister platforms and may never be sent by Seoul.
RESULT_CODES: dict[str, tuple[str, str]] = {
    "INFO-000": (OK, "request succeeded"),
    "INFO-200": (EMPTY, "no data matches the request"),
    "INFO-100": (CONFIG, "the API key was rejected"),
    "ERROR-300": (BAD_REQUEST, "a required request value is missing"),
    "ERROR-301": (BAD_REQUEST, "the response type is missing or invalid"),
    "ERROR-310": (BAD_REQUEST, "the service name was not found (names are case-sensitive)"),
    "ERROR-331": (BAD_REQUEST, "the start index is invalid"),
    "ERROR-332": (BAD_REQUEST, "the end index is invalid"),
    "ERROR-333": (BAD_REQUEST, "the start/end index is not a whole number"),
    "ERROR-334": (BAD_REQUEST, "the start index is greater than the end index"),
    "ERROR-335": (CONFIG, "the 'sample' key only serves rows 1–5"),
    "ERROR-336": (BAD_REQUEST, "more than 1000 rows were requested in one call"),
    "ERROR-500": (RETRY_LATER, "the server reported an internal error"),
    "ERROR-600": (RETRY_LATER, "the server could not reach its database"),
    "ERROR-601": (RETRY_LATER, "the server's database query failed"),
    "INFO-300": (CONFIG, "the API key was blocked by the administrator"),
    "ERROR-290": (CONFIG, "the API key is invalid"),
    "ERROR-337": (RETRY_LATER, "the daily request limit was exceeded"),
}

# Failures that are not Seoul codes but get the same treatment (all transient).
TRANSPORT_CODES: dict[str, str] = {
    "EMPTY-BODY": "the server sent an empty response",
    "HTML-PAGE": "the server sent a web page instead of data",
    "BAD-BODY": "the server sent a response that is neither the expected JSON nor XML",
    "TIMEOUT": "the server did not answer in time",
    "CONNECTION": "could not connect to the server",
    "DEADLINE": "the run's time limit was reached before the server answered",
    "UNREACHABLE": "the server did not answer earlier in this run, so it was not asked again",
    "HTTP": "the server answered with an HTTP error",  # code is "HTTP-<status>"
}

# What the user should do, by code first, then by outcome.
_HINTS: dict[str, str] = {
    "INFO-100": "check SEOUL_OPENAPI_KEY",
    "ERROR-290": "check SEOUL_OPENAPI_KEY",
    "INFO-300": "check the key's status on data.seoul.go.kr or issue a new one",
    "ERROR-335": "set a registered key in SEOUL_OPENAPI_KEY, or request at most 5 rows",
    "ERROR-336": "request at most 1000 rows per call (this is a bug in the caller)",
    "ERROR-337": "try again tomorrow",
    "CONNECTION": "check the network connection and SEOUL_OPENAPI_URL",
    CONFIG: "check SEOUL_OPENAPI_KEY and the service name",
    BAD_REQUEST: "this is a bug in the request, please report it",
    RETRY_LATER: "try again later",
}
_BODY_SNIPPET_CODES = {"EMPTY-BODY", "HTML-PAGE", "BAD-BODY"}
# After these (and the retries), the host is taken as down for the rest of the run.
_HOST_DOWN_CODES = {"TIMEOUT", "CONNECTION", "DEADLINE"}
# Retrying within seconds cannot help with a daily quota; it only burns more of it.
_NOT_WORTH_RETRYING = {"ERROR-337"}


# --------------------------------------------------------------------------- errors


class OpenAPIError(Exception):
    """A Seoul Open API call failed. `message` is one redacted line meant for users.

    Attributes: `code` (Seoul code like "INFO-100", or a transport pseudo code like
    "HTTP-503", "TIMEOUT", "EMPTY-BODY"), `outcome` ("config" | "bad_request" |
    "retry_later"), `service`, `message`.
    """

    outcome = "error"

    def __init__(self, message: str, *, code: str | None = None, service: str | None = None):
        self.message = redact(message)
        self.code = code
        self.service = service
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ConfigError(OpenAPIError):
    """The key or setup is wrong; retrying will not help until someone changes config."""

    outcome = CONFIG


class BadRequestError(OpenAPIError):
    """The request itself is malformed — a bug in the caller."""

    outcome = BAD_REQUEST


class RetryLaterError(OpenAPIError):
    """The server or network failed, and kept failing after the retries."""

    outcome = RETRY_LATER


_ERROR_CLASSES: dict[str, type[OpenAPIError]] = {
    CONFIG: ConfigError,
    BAD_REQUEST: BadRequestError,
    RETRY_LATER: RetryLaterError,
}


def outcome_of(code: str) -> str:
    """The single outcome for any code, documented or not (spec §3: unknown INFO-* is
    fatal, unknown ERROR-* is retryable)."""
    if code in RESULT_CODES:
        return RESULT_CODES[code][0]
    if code.startswith("INFO-"):
        return CONFIG
    return RETRY_LATER  # unknown ERROR-*, transport failures, anything unrecognised


def explain(code: str) -> str:
    if code in RESULT_CODES:
        return RESULT_CODES[code][1]
    family = code.split("-", 1)[0]
    if code in TRANSPORT_CODES or family in TRANSPORT_CODES:
        return TRANSPORT_CODES.get(code) or TRANSPORT_CODES[family]
    if code.startswith("INFO-"):
        return "the API answered with an unknown status"
    return "the server reported an unknown error"


def error_for(service: str, code: str, server_message: str = "", *, attempts: int = 1) -> OpenAPIError:
    """Build the exception for a failed call, e.g.
    "RealtimeCityAir: the API key was rejected (INFO-100: 인증키가 유효하지 않습니다.) — check SEOUL_OPENAPI_KEY".
    """
    outcome = outcome_of(code)
    # Snippets of HTML/garbage bodies help in logs, not in a one-line user message.
    shown = server_message if code not in _BODY_SNIPPET_CODES else ""
    detail = f"{code}: {shown}" if shown else code
    tried = f" after {attempts} attempts" if attempts > 1 else ""
    hint = _HINTS.get(code) or _HINTS.get(code.split("-", 1)[0]) or _HINTS.get(outcome, "")
    message = f"{service}: {explain(code)} ({_one_line(detail)}){tried} — {hint}"
    return _ERROR_CLASSES.get(outcome, RetryLaterError)(message, code=code, service=service)


# ------------------------------------------------------------------------ URL + parse


def build_url(base_url: str, key: str, service: str, start: int, end: int, *params: object,
              response_type: str = RESPONSE_TYPE) -> str:
    """`{base}/{KEY}/{type}/{SERVICE}/{START}/{END}/{opt1}/...` with each segment quoted
    on its own, so Korean names, `·` and even `/` inside a value stay one segment."""
    segments = [key, response_type, service, start, end, *params]
    return base_url.rstrip("/") + "/" + "/".join(quote(str(s), safe="") for s in segments)


@dataclass
class ParsedBody:
    """One response, understood. `code` is always set (real or pseudo code)."""

    code: str
    message: str = ""
    rows: list[dict] = field(default_factory=list)
    total: int | None = None
    document: dict | None = None


def parse_body(text: str, service: str) -> ParsedBody:
    """Read a response body in the order of spec §3.2 (after the HTTP status check)."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        return ParsedBody("EMPTY-BODY")
    if body.startswith("<"):
        return _parse_xml(body)
    try:
        data = json.loads(body)
    except ValueError:
        return ParsedBody("BAD-BODY", _snippet(body))
    if not isinstance(data, dict):
        return ParsedBody("BAD-BODY", _snippet(body))
    return _parse_json(data, service)


_HTML_START = re.compile(r"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>", re.I)


def _parse_xml(body: str) -> ParsedBody:
    if _HTML_START.match(body):
        return ParsedBody("HTML-PAGE", _snippet(body))
    try:
        # The declaration may name an encoding; the text is already decoded.
        root = ET.fromstring(_XML_DECLARATION.sub("", body, count=1).lstrip())
    except ET.ParseError:
        return ParsedBody("BAD-BODY", _snippet(body))
    if root.tag.lower() == "html":
        return ParsedBody("HTML-PAGE", _snippet(body))
    result = root if root.tag.upper() == "RESULT" else _xml_child(root, "RESULT")
    code = _xml_text(result, "CODE") if result is not None else None
    message = _xml_text(result, "MESSAGE") if result is not None else None
    rows = [{c.tag: (c.text or "").strip() for c in row} for row in root if row.tag.lower() == "row"]
    total = _to_int(_xml_text(root, "list_total_count"))
    if not code:
        if not rows:
            return ParsedBody("BAD-BODY", _snippet(body))
        code = "INFO-000"  # rows without a RESULT element: take them
    return ParsedBody(code.strip().upper(), (message or "").strip(), rows, total)


def _xml_child(element: ET.Element, tag: str) -> ET.Element | None:
    for child in element:
        if child.tag.upper() == tag.upper():
            return child
    return None


def _xml_text(element: ET.Element | None, tag: str) -> str | None:
    child = _xml_child(element, tag) if element is not None else None
    return child.text if child is not None else None


def _parse_json(data: dict, service: str) -> ParsedBody:
    root = _find_root(data, service)
    code, message = _result_of(data)
    if code is None and root is not None:
        code, message = _result_of(root)
    rows: list[dict] = []
    if root is not None and "row" in root:
        raw_rows = root["row"]
        raw_rows = [raw_rows] if isinstance(raw_rows, dict) else (raw_rows or [])
        rows = [r for r in raw_rows if isinstance(r, dict)]
    total = _to_int((root or {}).get("list_total_count", data.get("list_total_count")))
    document = _find_document(data, service) if root is None else None
    if code is None:
        if root is None and document is None:
            return ParsedBody("BAD-BODY", _snippet(json.dumps(data, ensure_ascii=False)))
        code = "INFO-000"  # data without a RESULT block: take it
    return ParsedBody(str(code).strip().upper(), str(message or "").strip(), rows, total, document)


def _result_of(obj: dict) -> tuple[str | None, str | None]:
    """RESULT as {"CODE", "MESSAGE"}, citydata's {"RESULT.CODE", ...}, or flat keys."""
    result = obj.get("RESULT")
    if isinstance(result, dict):
        code = result.get("CODE") or result.get("RESULT.CODE")
        if code:
            return code, result.get("MESSAGE") or result.get("RESULT.MESSAGE")
    for code_key, message_key in (("RESULT.CODE", "RESULT.MESSAGE"), ("CODE", "MESSAGE")):
        if isinstance(obj.get(code_key), str):
            return obj[code_key], obj.get(message_key)
    return None, None


def _find_root(data: dict, service: str) -> dict | None:
    """Spec §2.1: the first top-level object containing `row`; else the known root key
    (errors inside the wrapper have no `row`); else any wrapper holding a RESULT."""
    for value in data.values():
        if isinstance(value, dict) and "row" in value:
            return value
    for key in ROOT_KEYS.get(service, (service,)):
        if isinstance(data.get(key), dict):
            return data[key]
    for key, value in data.items():
        if key != "RESULT" and isinstance(value, dict) and "RESULT" in value:
            return value
    return None


def _find_document(data: dict, service: str) -> dict | None:
    """citydata-style answers: the one object beside RESULT (or the first of a list)."""
    key = DOCUMENT_KEYS.get(service)
    candidates = [data.get(key)] if key in data else [
        v for k, v in data.items() if k not in ("RESULT", "list_total_count")
    ]
    for value in candidates:
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, dict)), None)
        if isinstance(value, dict):
            return value
    return None


def _to_int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _snippet(text: str) -> str:
    return _one_line(text, 120)


def _decode(content: bytes) -> str:
    # Seoul answers UTF-8; don't let requests guess ISO-8859-1 from a bare text/xml.
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return content.decode("cp949")
        except UnicodeDecodeError:
            return content.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------- client


@dataclass
class Page:
    rows: list[dict]
    total: int | None  # list_total_count as reported (do not use it to stop paging)
    code: str  # "INFO-000" or "INFO-200"
    request_url: str = ""  # key redacted


@dataclass
class FetchResult:
    rows: list[dict]
    pages: int  # HTTP calls that returned a page (retries not counted)
    request_url: str  # the first page's URL, key redacted
    total: int | None = None  # list_total_count of the first page, for information
    truncated: bool = False  # stopped because of max_rows


class SeoulOpenAPI:
    """Seoul Open API client.

    `retries` is the number of *extra* attempts after a transient failure (HTTP error,
    timeout, empty/HTML body, ERROR-500/600/601, unknown ERROR-*); the wait before retry
    n (0-based) is `backoff * 2**n`. Config and bad-request errors are raised at once.

    `deadline` (seconds from creation) bounds the whole run of one client: no attempt
    starts, and no wait lasts, beyond it. A host that did not answer (timeout or no
    connection, after the retries) is not asked again by the same client, so a refresh
    of several datasets fails once, quickly, instead of once per dataset.
    """

    def __init__(self, key: str, base_url: str | None = None, *, timeout: float | tuple[float, float] = (5, 20),
                 retries: int = 3, backoff: float = 0.5, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, deadline: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        if not key or not str(key).strip():
            raise ConfigError("no API key: set SEOUL_OPENAPI_KEY in the environment or .streamlit/secrets.toml")
        self._key = str(key).strip()
        if self._key != SAMPLE_KEY:  # "sample" is public, and masking the word would garble logs
            register_secret(self._key)
        self.base_url = (base_url or settings.openapi_base_url()).rstrip("/")
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self._session = session or requests.Session()
        self._sleep = sleep
        self._clock = clock
        self._deadline_s = deadline
        self._deadline_at = clock() + deadline if deadline is not None else None
        self.unreachable: OpenAPIError | None = None  # set once the host failed to answer

    @classmethod
    def from_env(cls, secrets: dict | None = None, **options) -> SeoulOpenAPI:
        """A client with the key from SEOUL_OPENAPI_KEY (or Streamlit secrets)."""
        key = settings.openapi_key(secrets)
        if not key:
            raise ConfigError("no API key: set SEOUL_OPENAPI_KEY in the environment or .streamlit/secrets.toml")
        # Operators (and tests) can tune patience without code changes.
        if "timeout" not in options and os.environ.get("SEOUL_OPENAPI_TIMEOUT"):
            seconds = float(os.environ["SEOUL_OPENAPI_TIMEOUT"])
            options["timeout"] = (min(5.0, seconds), seconds)
        if "retries" not in options and os.environ.get("SEOUL_OPENAPI_RETRIES"):
            options["retries"] = int(os.environ["SEOUL_OPENAPI_RETRIES"])
        if "backoff" not in options and os.environ.get("SEOUL_OPENAPI_BACKOFF"):
            options["backoff"] = float(os.environ["SEOUL_OPENAPI_BACKOFF"])
        if "deadline" not in options and os.environ.get("SEOUL_OPENAPI_DEADLINE"):
            options["deadline"] = float(os.environ["SEOUL_OPENAPI_DEADLINE"])
        return cls(key, **options)

    def __repr__(self) -> str:
        shown_key = SAMPLE_KEY if self.uses_sample_key else "***KEY***"
        return f"SeoulOpenAPI(base_url={self.base_url!r}, key={shown_key}, retries={self.retries})"

    @property
    def uses_sample_key(self) -> bool:
        return self._key == SAMPLE_KEY

    def request_url(self, service: str, start: int, end: int, *params: object) -> str:
        """The request URL with the key masked — safe to show, log or store."""
        return redact(build_url(self.base_url, self._key, service, start, end, *params))

    # -- public calls

    def fetch_page(self, service: str, start: int, end: int, *params: object) -> Page:
        """Rows `start`..`end` (1-based, inclusive, at most 1000). INFO-200 → no rows."""
        if start < 1 or end < start or end - start + 1 > MAX_PAGE_SIZE:
            raise ValueError(f"{service}: rows {start}..{end} is not a valid page (1-based, at most {MAX_PAGE_SIZE})")
        parsed = self._call(service, start, end, params)
        rows = parsed.rows
        if not rows and parsed.document is not None and parsed.code == "INFO-000":
            rows = [parsed.document]  # citydata: the document is the single "row"
        return Page(rows, parsed.total, parsed.code, self.request_url(service, start, end, *params))

    def fetch_all(self, service: str, *params: object, page_size: int = MAX_PAGE_SIZE, max_rows: int | None = None,
                  progress: Callable[[int], None] | None = None) -> FetchResult:
        """Every row, paging in blocks of `page_size` until a short page or INFO-200.

        `list_total_count` is never used to stop: bikeList reports the page length there.
        With the public `sample` key at most 5 rows are requested.
        """
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if max_rows is not None and max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        if self.uses_sample_key:
            page_size = min(page_size, SAMPLE_KEY_MAX_ROWS)
            max_rows = min(max_rows or SAMPLE_KEY_MAX_ROWS, SAMPLE_KEY_MAX_ROWS)
        rows: list[dict] = []
        pages, total, truncated, first_url = 0, None, False, ""
        previous: list[dict] | None = None
        start = 1
        while True:
            end = start + page_size - 1
            if max_rows is not None:
                end = min(end, max_rows)
            page = self.fetch_page(service, start, end, *params)
            pages += 1
            if pages == 1:
                total, first_url = page.total, page.request_url
            if page.rows and page.rows == previous:
                # A server that ignores START/END would otherwise loop forever.
                log.warning("%s: rows %d..%d repeat the previous page; stopping", service, start, end)
                break
            rows.extend(page.rows)
            if progress is not None:
                progress(len(rows))
            requested = end - start + 1
            if page.code == "INFO-200" or len(page.rows) < requested:
                break
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            previous, start = page.rows, end + 1
        log.info("%s: fetched %d rows in %d page(s)", service, len(rows), pages)
        return FetchResult(rows, pages, first_url, total, truncated)

    def fetch_document(self, service: str, *params: object) -> dict:
        """citydata-style services: the single document (e.g. the CITYDATA object).

        INFO-200 → `{}`. `params` is usually one place name or code (`"POI009"`).
        """
        parsed = self._call(service, *DOCUMENT_RANGE, params)
        if parsed.document is not None:
            return parsed.document
        return parsed.rows[0] if parsed.rows else {}

    # -- one call with retries

    def _remaining(self) -> float | None:
        return None if self._deadline_at is None else self._deadline_at - self._clock()

    def _call(self, service: str, start: int, end: int, params: tuple) -> ParsedBody:
        if self.unreachable is not None:
            raise error_for(service, "UNREACHABLE", f"{self._host()}, {self.unreachable.code}")
        url = build_url(self.base_url, self._key, service, start, end, *params)
        shown = redact(url)
        attempts = 0
        while True:
            remaining = self._remaining()
            if remaining is not None and remaining <= 0:
                parsed = ParsedBody("DEADLINE", f"{self._deadline_s:g} s")
                break
            attempts += 1
            log.debug("GET %s (attempt %d)", shown, attempts)
            parsed = self._request_once(service, url)
            outcome = outcome_of(parsed.code)
            if outcome in (OK, EMPTY):
                return parsed
            retryable = outcome == RETRY_LATER and parsed.code not in _NOT_WORTH_RETRYING
            delay = self.backoff * 2 ** (attempts - 1)
            remaining = self._remaining()
            if remaining is not None and remaining <= delay:
                retryable = False  # the wait alone would pass the deadline
            if not retryable or attempts > self.retries:
                break
            log.warning("%s: %s %s; retrying in %.1f s", shown, parsed.code, redact(_one_line(parsed.message)), delay)
            self._sleep(delay)
        log.warning("%s: giving up: %s %s", shown, parsed.code, redact(_one_line(parsed.message)))
        error = error_for(service, parsed.code, parsed.message, attempts=attempts)
        if parsed.code in _HOST_DOWN_CODES:
            self.unreachable = error
        raise error

    def _request_timeout(self) -> float | tuple[float, float]:
        remaining = self._remaining()
        if remaining is None:
            return self.timeout
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout, self.timeout)
        return (max(0.1, min(connect, remaining)), max(0.1, min(read, remaining)))

    def _request_once(self, service: str, url: str) -> ParsedBody:
        """One HTTP exchange. Transport failures come back as pseudo codes; the requests
        exception is dropped here because its text contains the (unredacted) URL."""
        timeout = self._request_timeout()
        waited = round(timeout[1] if isinstance(timeout, tuple) else timeout, 1)
        try:
            response = self._session.get(url, timeout=timeout)
        except requests.Timeout:
            return ParsedBody("TIMEOUT", f"no answer within {waited:g} s")
        except requests.ConnectionError as exc:
            if "timed out" in str(exc).lower():  # a read timeout while the body streams
                return ParsedBody("TIMEOUT", f"no answer within {waited:g} s")
            return ParsedBody("CONNECTION", self._host())
        except requests.RequestException as exc:
            return ParsedBody("CONNECTION", f"{self._host()}, {type(exc).__name__}")
        if response.status_code != 200:
            return ParsedBody(f"HTTP-{response.status_code}", response.reason or "")
        return parse_body(_decode(response.content), service)

    def _host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def host(self) -> str:
        """host:port of the API (no key in it), for messages."""
        return self._host()
