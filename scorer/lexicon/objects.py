"""Words that name no object, for the suggestions: the template boilerplate and the weak words
(scorer.suggest.templates reads a row's own object without them), and the general words
(scorer.suggest.relevance: a corpus row sharing only these with the flagged row is not shown).
Words are data: ``scorer/lexicon/objects.txt`` and ``scorer/lexicon/general_words.txt``."""

from __future__ import annotations

from functools import lru_cache

from scorer.lexicon import HERE, terms
from scorer.lexicon.goals import STOPWORDS

GENERAL_FILE = HERE / "general_words.txt"
# Words that carry no object: boilerplate, measures in general, operators, joining words.
BOILERPLATE = frozenset(terms("objects.boilerplate"))
# Words that name no object on their own: an object made only of them is no object
# (资金管理合规 → 管理合规, 项目社会影响 → 社会影响, 重点工作完成率 → 重点).
WEAK = frozenset(terms("objects.weak"))


@lru_cache(maxsize=1)
def general_words() -> frozenset[str]:
    """The stop list: general_words.txt plus the goal stop words, the templates' boilerplate and
    weak words, and the vague and generic lexicons."""
    listed = frozenset(terms("general_words"))
    return listed | STOPWORDS | BOILERPLATE | WEAK | frozenset(terms("vague")) | frozenset(terms("generic"))
