"""The Seoul Open API client against a real local HTTP server (tests/fake_seoul_api.py).

What a user sees is asserted: which exception class and message each result code
produces, that paging returns every row, how often a failing call is retried, and that
the key never shows up in messages, logs, URLs or reprs.
"""
from __future__ import annotations

import logging
import socket
import time

import pytest

from data_sources import openapi
from data_sources.openapi import (
    RESULT_CODES,
    BadRequestError,
    ConfigError,
    OpenAPIError,
    RetryLaterError,
    SeoulOpenAPI,
    build_url,
)
from tests.fake_seoul_api import (
    TEST_KEY,
    FakeSeoulAPI,
    Reply,
    empty_reply,
    file_reply,
    html_reply,
    http_error,
    json_reply,
    rows_payload,
    slow,
)

pytest_plugins = ["tests.conftest_api"]

# Spec §3: the official table plus the sister-platform codes, one outcome each.
SPEC_OUTCOMES = {
    "INFO-000": "ok",
    "INFO-200": "empty",
    "INFO-100": "config",
    "INFO-300": "config",
    "ERROR-290": "config",
    "ERROR-335": "config",
    "ERROR-300": "bad_request",
    "ERROR-301": "bad_request",
    "ERROR-310": "bad_request",
    "ERROR-331": "bad_request",
    "ERROR-332": "bad_request",
    "ERROR-333": "bad_request",
    "ERROR-334": "bad_request",
    "ERROR-336": "bad_request",
    "ERROR-500": "retry_later",
    "ERROR-600": "retry_later",
    "ERROR-601": "retry_later",
    "ERROR-337": "retry_later",
}
ERROR_CODES = [code for code, outcome in SPEC_OUTCOMES.items() if outcome not in ("ok", "empty")]
EXCEPTION_FOR = {"config": ConfigError, "bad_request": BadRequestError, "retry_later": RetryLaterError}
FORMS = ["json", "wrapped", "xml", "dotted"]
RETRIES = 3  # the seoul_client fixture's setting: 1 call + 3 retries


def station_rows(count: int) -> list[dict]:
    return [{"stationId": f"ST-{i}", "stationName": f"{i}. 대여소 {i}", "rackTotCnt": "10",
             "parkingBikeTotCnt": "3", "stationLatitude": "37.5", "stationLongitude": "127.0"}
            for i in range(1, count + 1)]


def pages_requested(api: FakeSeoulAPI, service: str) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in api.calls(service)]


# ------------------------------------------------------------------- result codes


def test_every_documented_code_has_exactly_the_spec_outcome():
    assert {code: outcome for code, (outcome, _) in RESULT_CODES.items()} == SPEC_OUTCOMES
    assert all(explanation for _, explanation in RESULT_CODES.values())


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("code", ERROR_CODES)
def test_error_code_raises_its_exception_with_a_clear_message(fake_api, seoul_client, code, form):
    fake_api.serve_code("bikeList", code, "서버가 보낸 메시지", form=form, root_key="rentBikeStatus")
    outcome = SPEC_OUTCOMES[code]

    with pytest.raises(EXCEPTION_FOR[outcome]) as caught:
        seoul_client.fetch_all("bikeList")

    error = caught.value
    assert isinstance(error, OpenAPIError)
    assert (error.code, error.outcome, error.service) == (code, outcome, "bikeList")
    message = str(error)
    assert message == error.message
    assert message.startswith(f"bikeList: {RESULT_CODES[code][1]} ({code}: 서버가 보낸 메시지)")
    assert "\n" not in message and " — " in message
    assert TEST_KEY not in message and TEST_KEY not in repr(error)
    # Only transient outcomes are retried (a daily quota will not recover in seconds).
    retried = outcome == "retry_later" and code != "ERROR-337"
    assert len(fake_api.calls("bikeList")) == (1 + RETRIES if retried else 1)
    assert fake_api.sleeps == ([0.5, 1.0, 2.0] if retried else [])
    if retried:
        assert message.endswith("after 4 attempts — try again later")


def test_invalid_key_capture_gives_the_documented_message(fake_api, seoul_client):
    # The real server answers a bad key with XML even though JSON was requested.
    fake_api.serve_file("RealtimeCityAir", "bikeList_invalid_key.xml")

    with pytest.raises(ConfigError) as caught:
        seoul_client.fetch_all("RealtimeCityAir")

    assert str(caught.value) == (
        "RealtimeCityAir: the API key was rejected (INFO-100: 인증키가 유효하지 않습니다.) — check SEOUL_OPENAPI_KEY"
    )
    assert len(fake_api.calls()) == 1


def test_a_wrong_key_is_rejected_by_a_key_checking_server():
    with FakeSeoulAPI(valid_key="THE-RIGHT-KEY") as api:
        api.serve_file("bikeList", "bikeList.json")
        client = SeoulOpenAPI(TEST_KEY, base_url=api.url, sleep=api.fake_sleep)
        with pytest.raises(ConfigError, match=r"^bikeList: the API key was rejected \(INFO-100"):
            client.fetch_all("bikeList")
        assert len(SeoulOpenAPI("THE-RIGHT-KEY", base_url=api.url).fetch_all("bikeList").rows) == 5


def test_sample_key_beyond_five_rows_is_a_config_error(fake_api, seoul_client):
    # What the real server answers when the sample key asks for a 1000-row page.
    fake_api.serve_code("bikeList", "ERROR-335", "sample 인증키는 5건까지만 조회할 수 있습니다.")

    with pytest.raises(ConfigError, match="only serves rows 1–5.*registered key"):
        seoul_client.fetch_all("bikeList")


def test_unknown_info_code_is_fatal_and_unknown_error_code_is_retried(fake_api, seoul_client):
    fake_api.serve_code("bikeList", "INFO-999", "알 수 없음")
    with pytest.raises(ConfigError, match=r"unknown status \(INFO-999: 알 수 없음\)"):
        seoul_client.fetch_all("bikeList")
    assert len(fake_api.calls("bikeList")) == 1

    fake_api.serve_code("VolInfo", "ERROR-999", "알 수 없음")
    with pytest.raises(RetryLaterError, match=r"unknown error \(ERROR-999: 알 수 없음\) after 4 attempts"):
        seoul_client.fetch_all("VolInfo", "A-01", "20160301", "12")
    assert len(fake_api.calls("VolInfo")) == 1 + RETRIES


@pytest.mark.parametrize("form", FORMS)
def test_info_200_is_an_empty_result_not_an_error(fake_api, seoul_client, form):
    fake_api.serve_code("bikeList", "INFO-200", "해당하는 데이터가 없습니다.", form=form)

    page = seoul_client.fetch_page("bikeList", 1, 1000)
    result = seoul_client.fetch_all("bikeList")

    assert (page.rows, page.code) == ([], "INFO-200")
    assert (result.rows, result.pages) == ([], 1)


def test_error_inside_the_service_wrapper_is_found_through_the_root_key_map(fake_api, seoul_client):
    # {"rentData": {"RESULT": {...}}} has no `row`, so only the root-key map finds it.
    fake_api.serve_code("tbCycleRentData", "ERROR-336", "최대 1000건", form="wrapped", root_key="rentData")

    with pytest.raises(BadRequestError, match=r"^tbCycleRentData: more than 1000 rows.*\(ERROR-336: 최대 1000건\)"):
        seoul_client.fetch_all("tbCycleRentData", "2022-10-01", "1")


def test_citydata_dotted_result_codes(fake_api, seoul_client):
    fake_api.serve_code("citydata", "INFO-100", "인증키가 유효하지 않습니다.", form="dotted")
    with pytest.raises(ConfigError, match=r"^citydata: the API key was rejected \(INFO-100"):
        seoul_client.fetch_document("citydata", "POI009")

    fake_api.serve_code("citydata", "INFO-200", form="dotted")
    assert seoul_client.fetch_document("citydata", "POI009") == {}


# ------------------------------------------------------------- transport failures


def test_500_500_then_ok_succeeds_after_two_retries(fake_api, seoul_client):
    fake_api.fail_then("bikeList", [http_error(500), http_error(500)], file_reply("bikeList.json"))

    result = seoul_client.fetch_all("bikeList")

    assert [row["stationId"] for row in result.rows] == ["ST-4", "ST-5", "ST-6", "ST-7", "ST-8"]
    assert len(fake_api.calls("bikeList")) == 3
    assert fake_api.sleeps == [0.5, 1.0]  # backoff * 2**attempt
    assert result.pages == 1


def test_persistent_http_error_gives_up_after_the_retries(fake_api, seoul_client):
    fake_api.script("bikeList", http_error(500))

    with pytest.raises(RetryLaterError) as caught:
        seoul_client.fetch_all("bikeList")

    assert caught.value.code == "HTTP-500"
    assert str(caught.value) == (
        "bikeList: the server answered with an HTTP error (HTTP-500: Internal Server Error) "
        "after 4 attempts — try again later"
    )
    assert len(fake_api.calls("bikeList")) == 4
    assert fake_api.sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("status", [404, 429, 502, 503])
def test_any_non_200_status_is_retry_later(fake_api, seoul_client, status):
    fake_api.script("bikeList", http_error(status))
    with pytest.raises(RetryLaterError) as caught:
        seoul_client.fetch_all("bikeList")
    assert caught.value.code == f"HTTP-{status}"
    assert len(fake_api.calls("bikeList")) == 4


@pytest.mark.parametrize(
    ("reply", "code", "wording"),
    [
        (empty_reply(), "EMPTY-BODY", "the server sent an empty response"),
        (html_reply(), "HTML-PAGE", "the server sent a web page instead of data"),
        (json_reply(["not", "an", "object"]), "BAD-BODY", "neither the expected JSON nor XML"),
        (json_reply({"something": "else"}), "BAD-BODY", "neither the expected JSON nor XML"),
    ],
)
def test_unusable_bodies_are_retried_then_retry_later(fake_api, seoul_client, reply, code, wording):
    fake_api.script("tbCycleRentData", reply)

    with pytest.raises(RetryLaterError) as caught:
        seoul_client.fetch_all("tbCycleRentData", "2015-01-01", "0")

    assert caught.value.code == code
    assert wording in str(caught.value)
    assert "<" not in str(caught.value)  # no HTML snippet in a user message
    assert len(fake_api.calls()) == 4


def test_plain_text_body_is_retry_later(fake_api, seoul_client):
    fake_api.script("bikeList", Reply(200, "Service Temporarily Unavailable", "text/plain"))
    with pytest.raises(RetryLaterError, match=r"\(BAD-BODY\) after 4 attempts"):
        seoul_client.fetch_all("bikeList")


def test_slow_server_times_out_and_is_retried(fake_api):
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.2), retries=1, sleep=fake_api.fake_sleep)
    fake_api.script("RealtimeCityAir", slow(file_reply("RealtimeCityAir_legacy_2021.json"), 2.0))

    began = time.monotonic()
    with pytest.raises(RetryLaterError) as caught:
        client.fetch_all("RealtimeCityAir")

    assert time.monotonic() - began < 1.5  # two 0.2 s timeouts, not two 2 s waits
    assert caught.value.code == "TIMEOUT"
    assert str(caught.value) == (
        "RealtimeCityAir: the server did not answer in time (TIMEOUT: no answer within 0.2 s) "
        "after 2 attempts — try again later"
    )
    assert len(fake_api.calls()) == 2


def test_one_slow_answer_then_a_good_one_succeeds(fake_api):
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.2), sleep=fake_api.fake_sleep)
    fake_api.script("bikeList", slow(file_reply("bikeList.json"), 2.0), file_reply("bikeList.json"))

    assert len(client.fetch_all("bikeList").rows) == 5
    assert len(fake_api.calls()) == 2


def test_unreachable_server_is_retry_later():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    client = SeoulOpenAPI(TEST_KEY, base_url=f"http://127.0.0.1:{port}", timeout=(0.5, 0.5), sleep=sleeps.append)

    with pytest.raises(RetryLaterError) as caught:
        client.fetch_all("bikeList")

    assert caught.value.code == "CONNECTION"
    assert str(caught.value) == (
        f"bikeList: could not connect to the server (CONNECTION: 127.0.0.1:{port}) after 4 attempts "
        "— check the network connection and SEOUL_OPENAPI_URL"
    )
    assert sleeps == [0.5, 1.0, 2.0]
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_host_that_did_not_answer_is_not_asked_again_by_the_same_client(fake_api):
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.2), retries=1, sleep=fake_api.fake_sleep)
    fake_api.script("RealtimeCityAir", slow(file_reply("RealtimeCityAir_legacy_2021.json"), 2.0))
    fake_api.serve_file("bikeList", "bikeList.json")
    with pytest.raises(RetryLaterError, match="TIMEOUT"):
        client.fetch_all("RealtimeCityAir")
    with pytest.raises(RetryLaterError) as caught:
        client.fetch_all("bikeList")
    assert caught.value.code == "UNREACHABLE" and "not asked again" in str(caught.value)
    assert [c.service for c in fake_api.calls()] == ["RealtimeCityAir", "RealtimeCityAir"]
    # A new client (the next run) asks again.
    fresh = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.2), sleep=fake_api.fake_sleep)
    assert len(fresh.fetch_all("bikeList").rows) == 5


def test_the_deadline_bounds_timeouts_retries_and_waits(fake_api):
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    began = time.monotonic()
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(5.0, 20.0), retries=3, backoff=0.5,
                          sleep=sleep, deadline=0.6, clock=lambda: now[0] + time.monotonic() - began)
    fake_api.script("bikeList", slow(file_reply("bikeList.json"), 3.0))
    with pytest.raises(RetryLaterError) as caught:
        client.fetch_all("bikeList")
    assert time.monotonic() - began < 2.0  # one read cut to the deadline, not 4 × 20 s
    assert caught.value.code in ("TIMEOUT", "DEADLINE")
    assert sum(sleeps) < 0.6 and len(fake_api.calls()) <= 2
    assert client.unreachable is not None


# ------------------------------------------------------------------------- paging


def test_2345_rows_arrive_complete_over_three_pages(fake_api, seoul_client):
    rows = station_rows(2345)
    # list_total_count = page length: the bikeList quirk that must not stop paging.
    fake_api.serve_rows("bikeList", rows, "rentBikeStatus", total="page")
    seen: list[int] = []

    result = seoul_client.fetch_all("bikeList", progress=seen.append)

    assert result.rows == rows
    assert result.pages == 3
    assert pages_requested(fake_api, "bikeList") == [(1, 1000), (1001, 2000), (2001, 3000)]
    assert seen == [1000, 2000, 2345]
    assert result.total == 1000  # reported, not trusted
    assert result.request_url == f"{fake_api.url}/***KEY***/json/bikeList/1/1000"


def test_an_exact_multiple_of_1000_stops_on_info_200(fake_api, seoul_client):
    fake_api.serve_rows("tbCycleRentData", station_rows(2000), "rentData", total="all")

    result = seoul_client.fetch_all("tbCycleRentData", "2022-10-01", "8")

    assert len(result.rows) == 2000
    assert pages_requested(fake_api, "tbCycleRentData") == [(1, 1000), (1001, 2000), (2001, 3000)]
    assert all(r.params == ["2022-10-01", "8"] for r in fake_api.calls())


def test_a_short_page_stops_even_when_the_total_claims_more(fake_api, seoul_client):
    fake_api.serve_file("tbCycleRentData", "tbCycleRentData.json")  # 1 row, total "4355"

    result = seoul_client.fetch_all("tbCycleRentData", "2022-10-01", "1")

    assert len(result.rows) == 1 and result.pages == 1
    assert result.total == 4355  # a string in the capture, an int here


def test_max_rows_and_page_size(fake_api, seoul_client):
    fake_api.serve_rows("bikeList", station_rows(2345), "rentBikeStatus")

    result = seoul_client.fetch_all("bikeList", max_rows=1500)
    assert len(result.rows) == 1500 and result.truncated
    assert pages_requested(fake_api, "bikeList") == [(1, 1000), (1001, 1500)]

    small = seoul_client.fetch_all("bikeList", page_size=500, max_rows=700)
    assert [r["stationId"] for r in small.rows] == [f"ST-{i}" for i in range(1, 701)]

    with pytest.raises(ValueError):
        seoul_client.fetch_all("bikeList", page_size=1001)
    with pytest.raises(ValueError):
        seoul_client.fetch_page("bikeList", 1, 1001)


def test_the_sample_key_only_asks_for_five_rows(fake_api):
    fake_api.serve_rows("bikeList", station_rows(30), "rentBikeStatus")
    client = SeoulOpenAPI("sample", base_url=fake_api.url, sleep=fake_api.fake_sleep)

    result = client.fetch_all("bikeList")

    assert len(result.rows) == 5
    assert pages_requested(fake_api, "bikeList") == [(1, 5)]
    assert "key=sample" in repr(client)


def test_a_server_that_ignores_paging_does_not_loop_forever(fake_api, seoul_client):
    fake_api.script("bikeList", json_reply(rows_payload(station_rows(1000), "rentBikeStatus")))

    result = seoul_client.fetch_all("bikeList")

    assert len(result.rows) == 1000
    assert len(fake_api.calls()) == 2


# ------------------------------------------------------------- URLs and documents


def test_url_segments_are_percent_encoded_one_by_one():
    url = build_url("http://openapi.seoul.go.kr:8088/", "k/ey", "citydata", 1, 5, "광화문·덕수궁", "a b")
    assert url == (
        "http://openapi.seoul.go.kr:8088/k%2Fey/json/citydata/1/5/"
        "%EA%B4%91%ED%99%94%EB%AC%B8%C2%B7%EB%8D%95%EC%88%98%EA%B6%81/a%20b"
    )


def test_fetch_document_returns_the_citydata_object(fake_api, seoul_client):
    fake_api.serve_file("citydata", "citydata.json")

    document = seoul_client.fetch_document("citydata", "광화문·덕수궁")

    assert document["AREA_CD"] == "POI009"
    assert document["LIVE_PPLTN_STTS"][0]["AREA_CONGEST_LVL"] == "여유"
    request = fake_api.calls("citydata")[0]
    assert (request.key, request.type, request.start, request.end) == (TEST_KEY, "json", 1, 5)
    assert request.params == ["광화문·덕수궁"]
    assert request.path.endswith("/citydata/1/5/%EA%B4%91%ED%99%94%EB%AC%B8%C2%B7%EB%8D%95%EC%88%98%EA%B6%81")


def test_xml_success_body_with_lower_case_tags(fake_api, seoul_client):
    fake_api.serve_file("TrafficInfo", "TrafficInfo.xml")

    page = seoul_client.fetch_page("TrafficInfo", 1, 5, "1220003800")

    assert page.rows == [{"link_id": "1220003800", "prcs_spd": "89", "prcs_trv_time": "121"}]
    assert (page.total, page.code) == (1, "INFO-000")
    assert fake_api.calls()[0].params == ["1220003800"]


def test_rows_stay_raw_dicts(fake_api, seoul_client):
    fake_api.serve_file("tbCycleRentData", "tbCycleRentData.json")
    row = seoul_client.fetch_all("tbCycleRentData", "2022-10-01", "1").rows[0]
    assert row["RENT_ID"] == "01118" and row["USE_DST"] == "0.00"  # coercion is the normalizers' job


# --------------------------------------------------------------------- the secret


def test_the_key_never_leaks(fake_api, caplog):
    caplog.set_level(logging.DEBUG)  # includes urllib3's request lines
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, timeout=(1.0, 0.2), retries=1, sleep=fake_api.fake_sleep)
    fake_api.fail_then("bikeList", [http_error(503)], file_reply("bikeList.json"))
    fake_api.serve_file("RealtimeCityAir", "bikeList_invalid_key.xml")
    fake_api.script("TrafficInfo", slow(file_reply("TrafficInfo.xml"), 2.0))
    fake_api.script("VolInfo", html_reply())
    texts: list[str] = [repr(client), str(client)]

    result = client.fetch_all("bikeList")
    texts += [result.request_url, repr(result)]
    texts.append(client.fetch_page("bikeList", 1, 5).request_url)
    for call in (lambda: client.fetch_all("RealtimeCityAir"),
                 lambda: client.fetch_all("TrafficInfo", "1220003800"),
                 lambda: client.fetch_all("VolInfo", "A-01", "20160301", "12")):
        with pytest.raises(OpenAPIError) as caught:
            call()
        texts += [str(caught.value), repr(caught.value), caught.value.message, *map(str, caught.value.args)]

    texts.append(caplog.text)
    texts += [record.getMessage() for record in caplog.records]
    assert all(TEST_KEY not in text for text in texts)
    assert "***KEY***" in result.request_url
    # urllib3 did log the request paths — redacted.
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/***KEY***/json/bikeList/" in line for line in urllib3_lines)


def test_a_key_with_url_special_characters_is_redacted_in_both_spellings(fake_api, caplog):
    caplog.set_level(logging.DEBUG)
    key = "TESTKEY+6f/1d=2c"
    client = SeoulOpenAPI(key, base_url=fake_api.url, sleep=fake_api.fake_sleep)
    fake_api.script("bikeList", http_error(500))

    with pytest.raises(RetryLaterError) as caught:
        client.fetch_all("bikeList")

    assert fake_api.calls()[0].key == key  # sent as one segment, decoded intact
    for text in (caplog.text, str(caught.value), client.request_url("bikeList", 1, 5)):
        assert key not in text and "TESTKEY%2B6f%2F1d%3D2c" not in text


def test_from_env(fake_api, monkeypatch):
    monkeypatch.delenv("SEOUL_OPENAPI_KEY", raising=False)
    with pytest.raises(ConfigError, match="^no API key: set SEOUL_OPENAPI_KEY"):
        SeoulOpenAPI.from_env()

    monkeypatch.setenv("SEOUL_OPENAPI_URL", fake_api.url)
    fake_api.serve_file("bikeList", "bikeList.json")
    client = SeoulOpenAPI.from_env({"SEOUL_OPENAPI_KEY": TEST_KEY})
    assert client.base_url == fake_api.url
    assert len(client.fetch_all("bikeList").rows) == 5
    assert fake_api.calls()[0].key == TEST_KEY

    monkeypatch.setenv("SEOUL_OPENAPI_KEY", "ENVKEY-123456")
    assert SeoulOpenAPI.from_env({"SEOUL_OPENAPI_KEY": TEST_KEY}).fetch_all("bikeList").rows
    assert fake_api.calls()[-1].key == "ENVKEY-123456"  # the environment wins


def test_outcome_rules_for_codes_outside_the_table():
    assert openapi.outcome_of("INFO-123") == "config"
    assert openapi.outcome_of("ERROR-123") == "retry_later"
    assert openapi.outcome_of("HTTP-503") == "retry_later"
    assert openapi.outcome_of("TIMEOUT") == "retry_later"


def test_redact_catches_an_unregistered_key_in_request_error_text():
    from data_sources.redact import redact

    text = "HTTPConnectionPool(host='x', port=8088): Max retries exceeded with url: /abcd1234efgh/json/bikeList/1/5"
    assert "abcd1234efgh" not in redact(text)
    assert redact("http://openapi.seoul.go.kr:8088/abcd1234efgh/xml/VolInfo/1/5") == (
        "http://openapi.seoul.go.kr:8088/***KEY***/xml/VolInfo/1/5"
    )
