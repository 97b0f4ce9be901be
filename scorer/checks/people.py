"""Who an indicator counts: the one vocabulary of people and recipients the checks share
(data: scorer/lexicon/people.txt).

UNI012 (a head count in a unit for things), CAT100's accepted placements (a head count of
beneficiaries under 数量指标) and ALN001 (a row counting the recipients of the funded activity)
read names with these groups; each check joins the groups it needs with :func:`alternation`.
"""

from __future__ import annotations

from scorer.lexicon import alternation, ordered  # noqa: F401  (alternation: used with the groups)

BENEFICIARIES = ordered("people.beneficiaries")  # people a project serves, trains or receives
OTHER_PEOPLE = ordered("people.other_people")  # staff, participants, patients
HOUSEHOLDS = ordered("people.households")  # recipients counted as households
BODIES = ordered("people.bodies")  # recipients that are bodies, not people
