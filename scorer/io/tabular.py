"""Read indicator tables exported as CSV or XLSX: one row per indicator.

The tables come from many provinces and tools, so nothing about the layout is
assumed beyond "one indicator per row":

* the header row is found by scanning the first rows for the one that names the
  most known columns (it must name the indicator and its value); title rows above
  it are ignored, except that a year (2025年) is taken from them and form fields
  written as "项目名称 | xxx" above the table become defaults for the sheet;
* header text is matched loosely (spaces, newlines, full-width brackets, "*"
  required-marks, English case), see :data:`ALIASES`;
* cells a person merged or filled only on the first row of a group (department,
  project, goal, funds, 一级/二级指标) are carried down; 一级/二级指标 only within
  the same project;
* an operator, number and unit exported in separate columns are combined into
  ``Indicator.value`` (≥ + 90 + % → "≥90%"), and the raw columns are kept in
  ``Indicator.extra``;
* every cell is kept as text exactly as written ("=100%", "-", "001" stay so).

``read_csv`` / ``read_xlsx`` return the declaration after :func:`finish`. The work is split by
job: header.py (the header row and its fields), sheet.py (rows → projects, value assembly),
csvfile.py and xlsxfile.py (the two formats); this module keeps the public names in one place.
"""

from scorer.io.csvfile import read_csv
from scorer.io.header import ALIASES, EXTRA_FIELDS, HEADER_SCAN_ROWS, INDICATOR_FIELDS, PROJECT_FIELDS, header_field
from scorer.io.sheet import SheetBuilder, combine_value
from scorer.io.xlsxfile import cell_text, check_archive, read_xlsx

__all__ = ["read_csv", "read_xlsx", "header_field", "ALIASES", "HEADER_SCAN_ROWS", "EXTRA_FIELDS", "INDICATOR_FIELDS",
           "PROJECT_FIELDS", "SheetBuilder", "combine_value", "cell_text", "check_archive"]  # fmt: skip
