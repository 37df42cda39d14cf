"""Promises the code makes in its docstrings that no test held it to (code review C2-4: mutants M2, M3, M10;
M8, the swap's roll-back, is in test_outputs.py)."""

import json

import httpx
import pytest

from kratom_course import data, units
from kratom_course.literature.http import HttpClient, RetryPolicy


# --- M2: a percent is at most 100 --------------------------------------------------------------------------
def test_percent_to_fraction_refuses_more_than_100_percent():
    assert units.percent_to_fraction(100.0) == 1.0
    assert units.percent_to_fraction([0.0, 37.5]).tolist() == [0.0, 0.375]
    with pytest.raises(ValueError, match="at most 100"):
        units.percent_to_fraction(100.5)
    with pytest.raises(ValueError, match="at most 100"):
        units.percent_to_fraction([50.0, 250.0])


# --- M3: a selection of several rows is refused when their units are mixed ------------------------------------
@pytest.fixture
def affinities(tmp_path):
    """A data package of one small table, two Ki in nM and one in µM."""
    fields = [
        {"name": "value_id", "type": "string", "constraints": {"required": True}},
        {"name": "target", "type": "string"},
        {"name": "value", "type": "number"},
        {"name": "unit", "type": "string"},
    ]
    package = {
        "name": "test",
        "resources": [
            {
                "name": "affinities",
                "path": "affinities.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["value_id"]},
            }
        ],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    rows = "value_id,target,value,unit\nk1,mor,7.2,nM\nk2,mor,161,nM\nk3,mor,0.7,µM\nk4,kor,220,nM\n"
    (tmp_path / "affinities.csv").write_text(rows, encoding="utf-8")
    return tmp_path


def test_a_mix_of_units_never_passes_as_one(affinities):
    assert list(data.select("affinities", unit="nM", many=True, target="kor", directory=affinities)["value"]) == [220]
    with pytest.raises(data.SelectionError, match="expected unit 'nM'.*found nM, µM"):
        data.select("affinities", unit="nM", many=True, target="mor", directory=affinities)
    with pytest.raises(data.SelectionError, match="expected unit 'nM'"):
        data.value("affinities", unit="nM", value_id="k3", directory=affinities)
    assert data.value("affinities", unit="µM", value_id="k3", directory=affinities) == 0.7


# --- M10: the rate limit spaces retries too ------------------------------------------------------------------
class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_retries_are_spaced_by_the_rate_limit_even_without_backoff():
    """`HttpClient` says 'retries included': with no backoff at all, the limiter alone must space attempts."""
    answers = iter([503, 503, 429, 200])

    def handler(request):
        return httpx.Response(next(answers), text="ok")

    time = FakeTime()
    client = HttpClient(
        2.0,
        RetryPolicy(attempts=4, backoff_s=0.0, max_wait_s=0.0),
        sleep=time.sleep,
        clock=time.clock,
        transport=httpx.MockTransport(handler),
    )
    with client:
        assert client.request("GET", "https://example.invalid/x", what="probe").status_code == 200
    starts = [r.started for r in client.sent]
    assert len(starts) == 4
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= client.limiter.interval_s - 1e-9, gaps
