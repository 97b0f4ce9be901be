"""The evaluation sets `scorer evaluate` reads, what each one is, and the targets it is held to.

One place names them: the CLI's ``--split`` choices, the ``pooled`` figure that decides a
rule's severity, the ``holdout`` figure read once at the end (scorer.checks.measured), the per-rule precision line of `scorer rules` and the
side-by-side tables of docs/evaluation.md all read these tuples. A new set is a folder under
corpus/ with labelled.csv and/or projects.jsonl, plus a line here.
"""

from __future__ import annotations

# Sets kept out of the repository's tuning: each folder holds labelled.csv (rows) and/or
# projects.jsonl (whole projects). They are read when present, in this order.
EXTERNAL = ("real", "blind2", "real2", "real3", "blind3", "real4", "blind4", "blind5", "blind6", "real5", "blind7", "blind8")

# Sets read before the final measurement: their pooled figure (``pooled``) decides a rule's
# severity (scorer.checks.measured, issue 14: a rule below 0.90 is a hint). Not all of them are
# unseen: real and real2 were read, then rules were fixed on what they showed, and so was blind4 (SPENT).
# blind5, the holdout of the morning of 2026-12-04, joined the pool after its one reading (no rule was
# fixed on its rows).
SEVERITY_SETS = ("blind", "real", "blind2", "real2", "blind4", "blind5")
# blind6 and real5, the holdout of the evening of 2026-12-04, were read once then; CAT002 was widened
# after that reading and the value grammar and suggestions of 2026-12-06 were developed on their rows (SPENT).
SPENT = ("real", "real2", "blind4", "blind6", "real5", "blind8")
# blind7, the first holdout of 2026-12-06, was read once then; no rule was fixed on its rows (the suggestion
# fixes of that afternoon were developed on its judged sample, which changes no finding); it stays a column.

# The set read once, after all rule work, for the report: its figure (``holdout``) decides nothing —
# no severity, threshold or rule is taken from it — so it is the figure on unseen text.
HOLDOUT = ("blind8",)

# The holdout of 2026-12-03, read once then; since then no rule, threshold or severity has been taken
# from them either (their READMEs), so their figures are still on text no rule was fitted to, but they
# were read before the work of 2026-12-04. Pooled as ``holdout-1203``.
EARLIER_HOLDOUT = ("real3", "blind3", "real4")

SET_ORDER = ("test", "dev", "projects", "seed", "blind", *EXTERNAL)

# The published sets are page excerpts: a table is often cut off where the stored page ends, so
# whether a project lacks a category cannot be seen there (their READMEs; the labellers marked
# incomplete only where the gap was visible). Their figures for the completeness rules are shown
# but not pooled, which would otherwise count every cut-off table against them.
EXCERPTS = ("real", "real2", "real3", "real4", "real5")
NOT_SEEN_IN_EXCERPTS = frozenset({"incomplete"})

# What each set is, who wrote it, and when it was read (issue 14: "with what was read when").
PROVENANCE = {
    "test": "corpus test split: written with the corpus (the rule authors had read it), never relabelled; for issue 14 "
    "read only at the end, for these figures (no rule was changed after reading it)",
    "dev": "corpus dev split: tuning data",
    "blind": "corpus/blind: written after the rules by a writer who read only the guideline of 2026-11-25; "
    "read once after the issue-14 fixes (per-rule precision decided GEN002 and VAG004 hints, VAG003 fix), and again for this report",
    "real": "corpus/real: published declarations; first read 2026-12-02 (commit 376c7f4); SPENT: the rule fixes of "
    "2026-12-02 (third session, commit a9065aa) were developed on it, so its figures are development figures",
    "blind2": "corpus/blind2: written from public guidance alone; first read 2026-12-02 (commit 376c7f4), no rule "
    "changed from its rows since; its pooled figure decides severities",
    "real2": "corpus/real2: published declarations collected and labelled on 2026-12-02 by a labeller who did not "
    "run scorer on them; first read 2026-12-02 (commit 3584f01); SPENT: the rule fixes of commit a9065aa were "
    "developed on it, so its figures are development figures",
    "real3": "corpus/real3: published declarations (pages not in real or real2) collected and labelled on "
    "2026-12-02 by a labeller who did not run scorer on them; the holdout of 2026-12-03, read once then after all rule "
    "work; nothing taken from it since",
    "blind3": "corpus/blind3: written on 2026-12-03 from public guidance and the domain brief alone, by a writer who "
    "read neither the guideline, the rules nor the corpus; the holdout of 2026-12-03, read once then after all rule "
    "work; nothing taken from it since",
    "real4": "corpus/real4: published declarations (pages in none of real, real2, real3) collected and labelled on "
    "2026-12-03 by a labeller who did not run scorer on them; the holdout of 2026-12-03, read once then after all rule "
    "work; nothing taken from it since",
    "blind4": "corpus/blind4: invented rows written on 2026-12-04 from the domain brief alone by a helper session that read neither the "
    "guideline, the rules nor the corpus; SPENT: first read 2026-12-04 (commit 9694911), then the rule fixes and the "
    "suggestion work of that day were developed on it; its pooled figure decides severities",
    "blind5": "corpus/blind5: written on 2026-12-04 the same way as blind4 (another helper session, other sectors' "
    "mix; invented rows, not real declarations); the holdout of the morning of 2026-12-04, read once then after that "
    "day's rule and suggestion work; no rule was fixed on its rows since, and it joined the pool that decides severities",
    "blind6": "corpus/blind6: invented rows written on the evening of 2026-12-04 from the domain brief alone by a helper "
    "session that read neither the guideline, the rules nor the corpus (14 sectors none of the earlier blind sets "
    "covered as such: science, justice, veterans, grain reserves …); the holdout of that evening, read once then; SPENT: "
    "the rule and suggestion work of 2026-12-06 was developed on its rows",
    "real5": "corpus/real5: published declarations (9 tables, pages in none of real–real4) collected and labelled on "
    "2026-12-04 from GUIDELINE.md by a helper session that ran no scorer on them; the holdout of that evening, read "
    "once then; SPENT: CAT002 was widened after that reading",
    "blind7": "corpus/blind7: invented rows written on 2026-12-06 from the domain brief alone by a helper session that "
    "read neither the guideline, the rules nor the corpus and ran no scorer (14 sectors: farm machinery, water, "
    "roads, public health, relief, forest fire, vocational schools, gas and heating, meteorology, women and children …; "
    "its writer calls it fairly formulaic: the same kinds of defective row recur in every sector); the first holdout of "
    "2026-12-06, read once then; no rule was changed on its rows since (the suggestion fixes of that afternoon, which "
    "change no finding, were developed on its judged sample)",
    "blind8": "corpus/blind8: invented rows written row by row on 2026-12-06 from the domain brief alone by another "
    "helper session that read neither the guideline, the rules nor the corpus, used no search and ran no scorer "
    "(13 sectors: kindergartens, hospital equipment, epidemic prevention, rural roads, small reservoirs, seeds, "
    "veterinary, fisheries, community corrections, fire rescue, government IT, archives, libraries and museums); "
    "HOLDOUT, landed unread and read once (commit bcdcb65); SPENT after: the unit, value-reading and CAT006 fixes "
    "of that evening were developed on what it showed",
    "seed": "the real seed declaration, labelled by hand; the rule authors had read it",
    "projects": "corpus projects: synthetic, used by no training step; the rule authors had read them",
}

# Precision targets of issue 14 (set on the unseen sets, i.e. HOLDOUT; every set is held to them here).
PRECISION_TARGET = {"vague": 0.90, "not_quantified": 0.90, "implausible": 0.90, "echo": 0.90, "generic": 0.90,
                    "duplicate": 0.85, "unit_mismatch": 0.85, "category_mismatch": 0.85, "misaligned": 0.85}  # fmt: skip
