"""`flask audit indicators FILE.jsonl [--settings FILE.ini] [--no-meta]`: Cardinal's output on any publisher's
compiled releases; malformed lines reported by number and skipped, a bad settings file refused with its reason."""
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "ocds" / "cardinal-examples"


def _examples():
    if not EXAMPLES.is_dir():
        pytest.skip(f"the Cardinal examples are not at {EXAMPLES} (../shared/ocds/cardinal-examples)")
    return EXAMPLES


def test_the_command_prints_cardinals_result_for_an_example(app):
    folder = _examples()
    result = app.test_cli_runner().invoke(args=[
        "audit", "indicators", str(folder / "024.jsonl"), "--settings", str(folder / "024.ini"), "--no-meta"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((folder / "024.expected").read_text())


def test_without_settings_every_indicator_runs_and_meta_is_printed(app, tmp_path):
    releases = tmp_path / "r.jsonl"
    # A tender period of one day (< 15): R003 on every indicator's defaults.
    releases.write_text(json.dumps({"ocid": "F", "tender": {"tenderPeriod": {
        "startDate": "2026-12-01T09:00:00+08:00", "endDate": "2026-12-02T09:00:00+08:00"}}}) + "\n")
    result = app.test_cli_runner().invoke(args=["audit", "indicators", str(releases)])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["OCID"] == {"F": {"R003": 1.0}} and "Meta" in output


def test_malformed_lines_are_reported_by_number_and_skipped(app, tmp_path):
    releases = tmp_path / "r.jsonl"
    good = json.dumps({"ocid": "F", "tender": {"tenderPeriod": {
        "startDate": "2026-12-01T09:00:00+08:00", "endDate": "2026-12-02T09:00:00+08:00"}}})
    releases.write_text("{not json\n" + good + "\n[1, 2]\n")
    result = app.test_cli_runner().invoke(args=["audit", "indicators", str(releases), "--no-meta"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"OCID": {"F": {"R003": 1.0}}}
    assert "line 1:" in result.stderr and "line 3:" in result.stderr and "Traceback" not in result.output


def test_a_bad_settings_file_is_refused_with_its_reason(app, tmp_path):
    releases, settings = tmp_path / "r.jsonl", tmp_path / "s.ini"
    releases.write_text("")
    settings.write_text("[R024]\nthreshold = many\n")
    result = app.test_cli_runner().invoke(args=["audit", "indicators", str(releases), "--settings", str(settings)])
    assert result.exit_code == 1 and "settings:" in result.output and "threshold" in result.output
    assert "Traceback" not in result.output
