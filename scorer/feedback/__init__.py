"""Reviewer feedback: decisions on findings, measured precision per rule, and acting on it.

* :mod:`scorer.feedback.decisions` — what a decision is (the words reviewers write for one are
  read by :func:`scorer.store.handback.parse_opinion`, the same for every channel);
* :mod:`scorer.feedback.importers` — decisions from an annotated Excel report (复核意见) and
  from CSV / JSONL files of other tools, each unusable line reported with its number;
* :mod:`scorer.feedback.repo` — reading and writing decisions in the review workspace's
  database (:mod:`scorer.store`), idempotently;
* :mod:`scorer.feedback.stats` — per rule: judged, confirmed, rejected, precision with a
  Wilson interval, the common rejection reasons;
* :mod:`scorer.feedback.policy` — demote a rule whose measured precision is low and suppress
  a finding that a reviewer rejected on that row, both reported, never silent;
* :mod:`scorer.feedback.training` — ``scorer train --with-feedback``.
"""

from scorer.feedback.decisions import DECISIONS, Decision
from scorer.feedback.stats import RuleStat, rule_stats, wilson

__all__ = ["DECISIONS", "Decision", "RuleStat", "rule_stats", "wilson"]
