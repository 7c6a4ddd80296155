"""portal.csv: one format for every CSV (BOM, ``;``, CRLF) and no live formula in any cell."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.csv import FORMULA_STARTS, csv_response, csv_text, neutralise, restore, write_csv

PLANTED = '=HYPERLINK("http://x.example/?a","y")'


def _read(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize(
    "typed", [PLANTED, "+33 5 65 00 00 00", "-1+1", "@SUM(A1:A2)", "\t=1", "\r=1"]
)
def test_text_a_spreadsheet_would_run_is_written_as_text(typed):
    assert neutralise(typed) == "'" + typed
    assert restore(neutralise(typed)) == typed


@pytest.mark.parametrize(
    "value, written",
    [(None, ""), (-0.52, -0.52), (-3, -3), (0, 0), (True, "True"), ("Figeac", "Figeac")],
)
def test_numbers_stay_numbers_and_plain_text_is_untouched(value, written):
    assert neutralise(value) == written


@pytest.mark.parametrize("typed", ["'Ostal", "'", "'=1", "''+33"])
def test_apostrophes_typed_by_hand_survive_the_round_trip(typed):
    assert restore(neutralise(typed)) == typed


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_no_cell_read_back_starts_a_formula_and_restore_gives_the_text(rows):
    read = _read(csv_text(rows))
    assert not any(cell.startswith(FORMULA_STARTS) for row in read for cell in row)
    assert [[restore(cell) for cell in row] for row in read] == rows


def test_format_bom_semicolons_and_crlf():
    text = csv_text([["nom", "commune"], ["Ana Ruiz", "Saint-Céré"]])
    assert text == "\ufeffnom;commune\r\nAna Ruiz;Saint-Céré\r\n"


@pytest.mark.parametrize("streaming", [False, True])
def test_response_is_a_named_download_with_formulas_neutralised(streaming):
    response = csv_response(
        iter([["prénom"], [PLANTED]]), filename="dossiers été.csv", streaming=streaming
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "dossiers" in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if streaming else response.content
    assert body.startswith("\ufeff".encode())
    assert _read(body.decode()) == [["prénom"], ["'" + PLANTED]]


def test_write_csv_writes_the_same_file_to_a_stream():
    out = io.StringIO()
    write_csv(out, [["a", "=1+1"]])
    assert out.getvalue() == "\ufeffa;'=1+1\r\n"
