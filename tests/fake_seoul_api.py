"""A scriptable fake of the Seoul Open API: a real HTTP server thread on 127.0.0.1.

Requests use the real URL shape, `/{KEY}/{TYPE}/{SERVICE}/{START}/{END}/{params...}`,
and replies are scripted per SERVICE (the third path segment):

    api = FakeSeoulAPI()                        # or the `fake_api` pytest fixture
    api.serve_file("bikeList", "bikeList.json")  # a captured sample, every time
    api.serve_rows("bikeList", rows, "rentBikeStatus")   # paged by START/END
    api.serve_code("bikeList", "ERROR-500", form="xml")  # a result code
    api.script("bikeList", http_error(500), http_error(500), file_reply("bikeList.json"))
    ...
    api.calls("bikeList")   # the requests it received, in order

`script` replays its replies in order and repeats the last one. A reply is a `Reply`
or a callable `(Request) -> Reply` (see `rows_reply`). Unscripted services answer
ERROR-310 ("service not found"), like the real server. Like the real server, a page of
more than 1000 rows answers ERROR-336, and the key "sample" more than 5 rows ERROR-335;
with `valid_key=` set, any other key gets the real invalid-key XML (INFO-100).

Sample bodies come from tests/fixtures/api/ (copies of the captures documented in
shared/specs/seoul-open-api.md §9), so tests never read outside the repo.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "api"
TEST_KEY = "TESTKEY-6f1d2c"

JSON_TYPE = "application/json;charset=UTF-8"
XML_TYPE = "text/xml;charset=UTF-8"
OK_MESSAGE = "정상 처리되었습니다."
NO_DATA_MESSAGE = "해당하는 데이터가 없습니다."
INVALID_KEY_XML = "<RESULT><CODE>INFO-100</CODE><MESSAGE>인증키가 유효하지 않습니다.</MESSAGE></RESULT>"


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = JSON_TYPE
    delay: float = 0.0  # seconds to wait before answering (to trip client timeouts)


@dataclass
class Request:
    """One request as the fake saw it. `params` are percent-decoded; `path` is raw."""

    path: str
    key: str = ""
    type: str = ""
    service: str = ""
    start: int | None = None
    end: int | None = None
    params: list[str] = field(default_factory=list)


ReplySource = Reply | Callable[[Request], Reply]


# ------------------------------------------------------------------ reply builders


def json_reply(payload: object, status: int = 200) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False), JSON_TYPE)


def file_reply(name: str) -> Reply:
    """A captured sample from tests/fixtures/api/ (served as XML when it starts with `<`)."""
    body = (FIXTURES / name).read_bytes()
    return Reply(200, body, XML_TYPE if body.lstrip().startswith(b"<") else JSON_TYPE)


def result_reply(code: str, message: str = "", *, form: str = "json", root_key: str = "rentBikeStatus") -> Reply:
    """A bare result code in one of the shapes seen in the wild (spec §3.1):

    - "json":    {"RESULT": {"CODE", "MESSAGE"}}               (top level, no wrapper)
    - "wrapped": {root_key: {"RESULT": {"CODE", "MESSAGE"}}}   (inside the service wrapper)
    - "dotted":  {"RESULT": {"RESULT.CODE", "RESULT.MESSAGE"}} (citydata family)
    - "xml":     <RESULT><CODE/><MESSAGE/></RESULT>            (what an invalid key gets)
    """
    message = message or f"{code} 메시지"
    if form == "json":
        return json_reply({"RESULT": {"CODE": code, "MESSAGE": message}})
    if form == "wrapped":
        return json_reply({root_key: {"list_total_count": 0, "RESULT": {"CODE": code, "MESSAGE": message}}})
    if form == "dotted":
        return json_reply({"list_total_count": 0, "RESULT": {"RESULT.CODE": code, "RESULT.MESSAGE": message}})
    if form == "xml":
        return Reply(200, f"<RESULT><CODE>{code}</CODE><MESSAGE>{message}</MESSAGE></RESULT>", XML_TYPE)
    raise ValueError(f"unknown result form {form!r}")


def rows_payload(rows: Sequence[dict], root_key: str, total: object = None) -> dict:
    return {root_key: {"list_total_count": len(rows) if total is None else total,
                       "RESULT": {"CODE": "INFO-000", "MESSAGE": OK_MESSAGE}, "row": list(rows)}}


def rows_reply(rows: Sequence[dict], root_key: str, *, total: str | int = "all") -> Callable[[Request], Reply]:
    """Serve `rows[START-1:END]`; past the end, INFO-200 like the real server.

    `total` is what list_total_count says: "all" (len(rows)), "page" (the page length,
    the bikeList quirk), or a fixed number.
    """

    def reply(request: Request) -> Reply:
        page = list(rows[request.start - 1: request.end])
        if not page:
            return result_reply("INFO-200", NO_DATA_MESSAGE)
        reported = len(rows) if total == "all" else len(page) if total == "page" else total
        return json_reply(rows_payload(page, root_key, reported))

    return reply


def empty_reply() -> Reply:
    return Reply(200, b"", "text/plain")


def http_error(status: int = 500) -> Reply:
    return Reply(status, f"<html><body><h1>{status}</h1></body></html>", "text/html")


def html_reply() -> Reply:
    return Reply(200, "<!DOCTYPE html><html><head><title>오류</title></head><body>서비스 점검 중입니다</body></html>",
                 "text/html;charset=UTF-8")


def slow(reply: Reply, seconds: float) -> Reply:
    return Reply(reply.status, reply.body, reply.content_type, seconds)


# ----------------------------------------------------------------------- the server


class FakeSeoulAPI:
    """The fake server. Use as a context manager or call start()/stop()."""

    def __init__(self, valid_key: str | None = None):
        self.valid_key = valid_key
        self.requests: list[Request] = []
        self.sleeps: list[float] = []
        self._scripts: dict[str, list[ReplySource]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSeoulAPI is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeSeoulAPI:
        self._server = _Server(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-seoul-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a slow reply
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSeoulAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- scripting

    def script(self, service: str, *replies: ReplySource) -> None:
        """Answer `service` with these replies in order, repeating the last one."""
        if not replies:
            raise ValueError("script needs at least one reply")
        with self._lock:
            self._scripts[service] = list(replies)

    def serve_file(self, service: str, name: str) -> None:
        self.script(service, file_reply(name))

    def serve_rows(self, service: str, rows: Sequence[dict], root_key: str, *, total: str | int = "all") -> None:
        self.script(service, rows_reply(rows, root_key, total=total))

    def serve_code(self, service: str, code: str, message: str = "", *, form: str = "json",
                   root_key: str = "rentBikeStatus") -> None:
        self.script(service, result_reply(code, message, form=form, root_key=root_key))

    def fail_then(self, service: str, failures: Sequence[Reply], then: ReplySource) -> None:
        """E.g. `fail_then("bikeList", [http_error(500)] * 2, file_reply("bikeList.json"))`."""
        self.script(service, *failures, then)

    # -- inspection

    def calls(self, service: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if service is None or r.service == service]

    def fake_sleep(self, seconds: float) -> None:
        """Pass as the client's `sleep=`: records the backoff instead of waiting."""
        self.sleeps.append(seconds)

    # -- request handling (called from server threads)

    def _reply_for(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        if self.valid_key is not None and request.key != self.valid_key:
            return Reply(200, INVALID_KEY_XML, XML_TYPE)
        if request.start is None or request.end is None:
            return result_reply("ERROR-333", "요청인자 중 START_INDEX/END_INDEX가 정수가 아닙니다.")
        if request.start > request.end:
            return result_reply("ERROR-334", "종료위치보다 시작위치가 더 큽니다.")
        if request.key == "sample" and request.end > 5:
            return result_reply("ERROR-335", "sample 인증키는 5건까지만 조회할 수 있습니다.")
        if request.end - request.start + 1 > 1000:
            return result_reply("ERROR-336", "데이터요청은 한번에 최대 1000건을 넘을 수 없습니다.")
        with self._lock:
            script = self._scripts.get(request.service)
            source = (script.pop(0) if len(script) > 1 else script[0]) if script else None
        if source is None:
            return result_reply("ERROR-310", "해당하는 서비스를 찾을 수 없습니다.")
        return source(request) if callable(source) else source

    def _parse(self, raw_path: str) -> Request:
        segments = [unquote(s) for s in urlsplit(raw_path).path.strip("/").split("/")]
        segments += [""] * (5 - len(segments))
        key, type_, service, start, end, *params = segments
        return Request(raw_path, key, type_, service, _int_or_none(start), _int_or_none(end), params)


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # clients that time out hang up mid-reply; that is expected here


def _make_handler(api: FakeSeoulAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            reply = api._reply_for(api._parse(self.path))
            if reply.delay and api._stopping.wait(reply.delay):
                return
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")  # no idle keep-alive threads between tests
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, format, *args) -> None:  # noqa: A002 (stdlib signature)
            pass  # keep test output clean

    return Handler
