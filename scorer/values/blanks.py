"""Values with nothing in them: empty cells (无, -, nan) and unfilled templates (≥**个, XX%, ≥()个)."""

from __future__ import annotations

import re

from scorer.model import Target
from scorer.values.operators import OP_OF, OP_START, OPSUF_START, SUFFIX_OP
from scorer.values.text import DIGIT, TRAIL, balance, strip_outer
from scorer.values.units import UNIT_FULL, normalize_unit
from scorer.values.words import words

EMPTY_WORDS = frozenset(words("empty"))
EMPTY_RE = re.compile(r"[-_/\\.。,，、;；:~·…()'\"`|]*")
PLACEHOLDER = re.compile(
    r"(?<![\u4e00-\u9fff])\*|\*(?![\u4e00-\u9fff])|★|☆|※|○{2,}|□|△{2,}|\?{2,}|？{2,}|(?<![0-9])×|×(?![0-9])"
    r"|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|(?:^|(?<=[<>=≥≤≧≦(]))[xX](?=%|\)|$)"
    # one X for the number between an operator and a unit ("≥X门"), or in a date ("2025年X月")
    # (no digit after it: "=X光机1台" counts X-ray machines)
    r"|(?<=[<>=≥≤≧≦])[xX](?=[\u4e00-\u9fff][^0-9]*$)|(?<=年)[xX](?=月)|(?<=月)[xX](?=日)"
)
_PH_CHARS = re.compile(r"[*★☆※○□△?？×xX]+")


def make_placeholder(s: str, text: str, unit_fb: str | None, op_fb: str | None) -> Target:
    """A template with placeholder characters (``≥**个``): its operator and unit, no number."""
    op = None
    om = OP_START.match(s)
    if om:
        op = OP_OF[om.group(0)]
        s = s[om.end() :]
    rest = balance(strip_outer(_PH_CHARS.sub("", s)).strip(TRAIL[1:]))
    sm = OPSUF_START.search(rest)
    if sm and sm.end() == len(rest):
        op = op or SUFFIX_OP[sm.group(0)]
        rest = rest[: sm.start()]
    unit = None
    if rest and (UNIT_FULL.match(rest) or (len(rest) <= 6 and not DIGIT.search(rest))):
        unit = normalize_unit(rest)
    return Target(kind="placeholder", text=text, op=op or op_fb, unit=unit or unit_fb)


def bare_template(inner: str, text: str, unit_fb: str | None, op_fb: str | None) -> Target | None:
    """An operator and/or unit with the number left out (``≥%``, ``≥()个``, a bare ``公里``), or None."""
    if DIGIT.search(inner):
        return None
    om = OP_START.match(inner)
    rest = inner[om.end() :] if om else inner
    had_brackets = "()" in rest
    rest = rest.replace("()", "")
    sm = OPSUF_START.fullmatch(rest) if rest else None
    # a unit alone (公里, 人次) is the form's unit cell with the number never written in
    if (om or had_brackets or rest == "%" or UNIT_FULL.match(rest)) and (not rest or sm or UNIT_FULL.match(rest)):
        u = normalize_unit(rest) if rest and not sm else None
        return Target(
            kind="placeholder",
            text=text,
            op=(OP_OF[om.group(0)] if om else None) or op_fb,
            unit=u or unit_fb,
        )
    return None
