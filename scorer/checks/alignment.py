"""Alignment checks: does each indicator measure the project's goal, and does each concrete
commitment of the goal have an indicator?

Both compare content words (jieba tokens of two or more characters, without category and
boilerplate words such as 满意度, 完成率, 项目, 工作) and, when an embedder is loaded, use
sentence similarity only to *clear* a row or a commitment, never to flag one — so a weak
embedder cannot lower precision.

ALN001 flags an output or outcome row whose content words appear neither in the goal nor in
the project name (media-coverage counts in a think-tank project). Satisfaction, cost and
timeliness rows, boilerplate names, rows with no measure and quality rows that grade the
process (…合格率, …验收) are left to other checks.

ALN002 splits the goal into clauses, keeps those with a concrete deliverable (a number with
a unit, or 举办/建设/培训/发放… with an object) and flags the ones no indicator covers:
none states the same amount, the indicators together contain less than half of the clause's
words, and — for a clause without an amount — no single indicator contains more than a quarter.
Date-only clauses are left to the timeliness check (CMP002).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from scorer.checks.base import Hit, check, ex
from scorer.checks.completeness import goal_problem
from scorer.checks.context import Context, Settings
from scorer.lexicon import words
from scorer.checks.duplicates import project_groups
from scorer.checks.people import BENEFICIARIES, BODIES, HOUSEHOLDS, alternation
from scorer.lexicon.goals import DATE, STOPWORDS, amounts, commitments, content_words, unit_head

# Quality rows that grade how the work was done rather than what was done.
_PROCESS = words(r"(?:率|度)$|{process}", "goals")
_NOT_MEASURED = ("qualitative", "empty", "placeholder")
# Media coverage (报道, 媒体, 宣传 …) measures publicity; it belongs to a project only when the
# goal is about publicity too, whatever object the row names (课后服务相关新闻报道).
_MEDIA_ROW = words(r"{media_row}", "goals")
# The parts of an event (opening, venue, reception …) belong to any event project, even when
# the goal names only the event itself (成功举办…大会).
_EVENT_GOAL = words(r"{event_goal}", "goals")
_EVENT_ROW = words(r"{event_row}", "goals")
_MEDIA_GOAL = words(r"{media_goal}", "goals")
# A row is misaligned only when neither its object nor its measure relates to the goal, the project
# name or the funded activity (issue 14). The measure relates when it counts the people or units the
# funded activity reaches (补贴发放对象 in a subsidy project, 完成治理企业 in an emissions project) …
_RECIPIENT = re.compile(alternation(BENEFICIARIES, HOUSEHOLDS, BODIES, ("人员", "患者")))
_RECEIVES = words(r"{receives}", "goals")
# … or when it counts where the project is carried out or how many sub-projects it has (涉及乡镇数,
# 覆盖行政村数量, 建设项目个数): its object is the project itself, whatever the goal names.
_SCOPE_ROW = words(r"^(?:{scope_verb})\S{0,3}(?:{scope_place})的?(?:{scope_count})"
                   r"|^(?:{scope_project})(?:{scope_count})", "goals")
_FUNDED_ACTIVITY = words(r"{funded_activity}", "goals")
# … or when it is the life of what the project built or bought (设计使用年限 under 可持续影响指标):
# the object whose life is stated is named in the goal or project name, or the project builds or
# buys things and the object is a built thing (主体结构, 消防设施 in a 新建工程).
_SERVICE_LIFE = words(r"{service_life}", "goals")
_LIFE_WORDS = words(r"{life_words}", "goals")
_BUILDS = words(r"新建|(?<!体系|{builds_1})建设|{builds_2}", "goals")
_BUILT_OBJECT = words(r"{built_object}", "goals")

# A department's whole budget (部门整体支出绩效目标) funds every duty of the department: its goal sums
# the duties up in a line (保障机构正常运转、履行职能) and its rows come from the duty list, which the
# declaration does not carry. A row the one-line goal does not mention is no evidence of misalignment
# there, so ALN001 judges only project budgets (issue 14; C12: the funded activity is the department's
# remit). The goal of a whole budget is still checked for its own problems (CMP004).
_WHOLE_BUDGET = words(r"{whole_budget}", "goals")

# The thresholds (how many content words a row is judged on, how close an embedding clears a row
# or covers a commitment, what share of a commitment's words covers it) are Settings: align_min_words,
# align_similarity, cover_similarity, cover_share, verb_cover_share.


def _bigrams(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def _found(word: str, text: str, words: tuple[str, ...] = ()) -> bool:
    """A word is found in a text if it occurs there, contains one of its words, or shares a
    character pair with it that is not boilerplate (报道 in 报道宣传, 电梯 in 加装电梯)."""
    if word in text:
        return True
    if any(len(w) >= 2 and w in word for w in words):
        return True
    return any(b in text and b not in STOPWORDS for b in _bigrams(word))


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Boilerplate names (the wording checks' lexicon); empty if that lexicon is absent."""
    try:
        from scorer.lexicon import terms

        return frozenset(_norm(t) for t in terms("generic"))
    except (FileNotFoundError, OSError):
        return frozenset()


@lru_cache(maxsize=1)
def _slogan() -> re.Pattern | None:
    """Slogans (唱响主旋律 …) are reported as vague; they are not judged for alignment here."""
    try:
        from scorer.lexicon import pattern

        return pattern("slogans")
    except (FileNotFoundError, OSError):
        return None


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or ""))


def _columns(ctx: Context) -> dict[str, np.ndarray]:
    f = ctx.frame
    return {c: f[c].to_numpy(dtype=object) for c in ("name", "value", "goal", "project")}


def _usable_goal(goal: str, project: str, min_chars: int = Settings.goal_min_chars) -> bool:
    return goal_problem(goal, project, min_chars) is None


def _goal_vectors(ctx: Context, groups: list, goal: np.ndarray) -> dict | None:
    if ctx.embeddings is None:
        return None
    goals = [goal[idx[0]] for _, idx in groups]
    vecs = ctx.embed(goals)
    return None if vecs is None else {key: vecs[n] for n, (key, _) in enumerate(groups)}


# --------------------------------------------------------------------------- ALN001


def _candidate_rows(f: pd.DataFrame) -> np.ndarray:
    """Rows that state an output or outcome with a measure (others are out of scope)."""
    return np.array([in_scope(*row) for row in zip(f["l1"].tolist(), f["l2"].tolist(), f["name"].tolist(),
                                                    f["target_kind"].tolist(), f["number"].tolist())], dtype=bool)  # fmt: skip


def in_scope(l1: str, l2: str, name: str, target_kind: str | None, number: float | None) -> bool:
    """Whether ALN001 judges a row: an output or outcome with a measure, not a quality row that grades
    the process, not a boilerplate name or a slogan, not unnamed."""
    if not (l2 in ("数量指标", "质量指标") or l1 == "效益指标"):
        return False
    if target_kind is None or target_kind in _NOT_MEASURED or target_kind != target_kind:
        return False
    if target_kind == "relative" and (number is None or number != number):
        return False
    if l2 == "质量指标" and _PROCESS.search(name):
        return False
    if _norm(name) in _generic_names():
        return False
    slogan = _slogan()
    if slogan is not None and slogan.pattern and slogan.search(name):
        return False
    return bool(name.strip())


class Reference:
    """What ALN001 compares a project's rows with: its goal and name, their content words, what kind
    of project it is, and the words of the context rows that are about the goal."""

    def __init__(self, goal: str, project: str, context_names):
        self.text = unicodedata.normalize("NFKC", goal + " " + project)
        self.words = content_words(self.text)
        self.publicity = bool(_MEDIA_GOAL.search(self.text))
        self.event = bool(_EVENT_GOAL.search(self.text))
        self.funded = bool(_FUNDED_ACTIVITY.search(self.text))
        self.aligned_words = tuple(w for name in context_names if _aligned(name, self.text, self.words)
                                   for w in content_words(name))  # fmt: skip

    @staticmethod
    def judged(goal: str, project: str, settings: Settings) -> bool:
        """Whether ALN001 judges the rows of a project with this goal and name at all."""
        if not _usable_goal(goal, project, settings.goal_min_chars):
            return False  # no goal to compare with: CMP004 reports it
        # a department's whole budget: its rows follow its duties, not the goal's wording
        return not _WHOLE_BUDGET.search(unicodedata.normalize("NFKC", project))

    def evidence(self, name: str, settings: Settings) -> str | None:
        """Why the row named ``name`` is off the goal, or None when it relates to it (before the
        embedding, which may still clear it)."""
        media = None if self.publicity else _MEDIA_ROW.search(name)
        words = content_words(name)
        if not media and _relates(name, words, self.funded, self.aligned_words, self.text, self.words):
            return None
        if media:
            return f"“{name}”衡量媒体宣传（{media.group(0)}），项目目标与宣传无关"
        if self.event and _EVENT_ROW.search(name):
            return None
        if len(words) >= settings.align_min_words and not any(_found(w, self.text, self.words) for w in words):
            return f"“{name}”（{'、'.join(words[:4])}）在项目目标和名称中都没有出现"
        return None


@check(
    code="ALN001",
    name="indicator-off-goal",
    kind="misaligned",
    smart="R",
    severity="warning",
    scope="project",
    message="指标与项目目标无关：{evidence}",
    message_en="The indicator measures something the project goal never mentions: {evidence}",
    rationale="指标应衡量本项目目标要完成的事。目标和项目名称里都没有出现的内容（如决策咨询项目里的媒体报道篇数），"
    "多半是从别的项目带过来或为凑数填写的，完成了也说明不了项目目标是否实现。部门（单位）整体支出的指标按部门职能设置，"
    "目标只概括职能，不逐项比对；统计项目覆盖的乡镇、村数或子项目个数的指标，对象就是项目本身。",
    hint="删去与目标无关的指标，改为衡量目标中写明的产出和效果；如确属项目内容，应在项目目标中写明。",
    bad=ex(
        ("数量指标", "全年报道总量", "≥300篇"),
        ("数量指标", "报送决策咨询专报", "≥24期"),
        ("服务对象满意度指标", "委托部门满意度", "≥90%"),
        project="科技创新智库建设",
        goal="围绕科技进步和经济社会发展中的热点问题组织专题调研，提出决策咨询意见和建议，向市委市政府报送专报。",
    ),
    good=ex(
        ("数量指标", "开展专题调研", "≥12次"),
        ("数量指标", "报送决策咨询专报", "≥24期"),
        ("服务对象满意度指标", "委托部门满意度", "≥90%"),
        project="科技创新智库建设",
        goal="围绕科技进步和经济社会发展中的热点问题组织专题调研，提出决策咨询意见和建议，向市委市政府报送专报。",
    ),
)
def indicator_off_goal(ctx: Context):
    col = _columns(ctx)
    candidate = _candidate_rows(ctx.frame)
    groups = project_groups(ctx)
    emb = ctx.embeddings
    goal_vecs = _goal_vectors(ctx, groups, col["goal"])
    focus = ctx.focus
    for key, idx in groups:
        rows = [int(i) for i in idx if candidate[i] and (focus is None or focus[i])]
        if not rows:
            continue
        goal, project = col["goal"][idx[0]], col["project"][idx[0]]
        if not Reference.judged(goal, project, ctx.settings):
            continue
        # the words of the project's rows that are about the goal (rows under judgement are not
        # context: a row aligned itself is cleared whatever its neighbours say)
        ref = Reference(goal, project, (col["name"][j] for j in idx if focus is None or not focus[j]))
        for i in rows:
            evidence = ref.evidence(col["name"][i], ctx.settings)
            if evidence is None:
                continue
            if goal_vecs is not None and float(emb[i] @ goal_vecs[key]) >= ctx.settings.align_similarity:
                continue
            yield Hit(rows=(i,), project=key, evidence=evidence)


def _aligned(name: str, reference: str, ref_words: tuple[str, ...]) -> bool:
    """A name with at least one content word found in the goal or project name."""
    return any(_found(w, reference, ref_words) for w in content_words(name))


def _relates(
    name: str, words: tuple[str, ...], funded: bool, aligned_words: tuple[str, ...],
    reference: str = "", ref_words: tuple[str, ...] = (),
) -> bool:  # fmt: skip
    """The row's measure relates to the funded activity: it counts the recipients the activity
    reaches (a recipient word with a word of the activity or of receiving it), states the life of
    what the project built or bought, or shares its object with an indicator of the project that
    is about the goal."""
    if funded and _RECIPIENT.search(name) and (_FUNDED_ACTIVITY.search(name) or _RECEIVES.search(name)):
        return True
    if _SCOPE_ROW.search(_norm(name)):
        return True
    if _SERVICE_LIFE.search(name) and _life_of_the_project(name, reference, ref_words):
        return True
    return any(w in aligned_words or any(len(a) >= 2 and a in w for a in aligned_words) for w in words)


def _life_of_the_project(name: str, reference: str, ref_words: tuple[str, ...]) -> bool:
    """A service-life row (设计使用年限) whose object is what the project is about: named in the
    goal or project name, or a built thing in a project that builds or buys things."""
    obj = _LIFE_WORDS.sub(" ", name)
    if any(_found(w, reference, ref_words) for w in content_words(obj)):
        return True
    return bool(_BUILDS.search(reference)) and bool(_BUILT_OBJECT.search(obj))


# --------------------------------------------------------------------------- ALN002

_BENEFIT_VERB = words(r"{benefit_verb}", "goals")
_HEAD_UNITS = frozenset({"人", "户", "家", "名", "个", "所"})


def _date_only(clause: str) -> bool:
    return bool(DATE.search(clause)) and not amounts(clause)


def _covered_share(words: tuple[str, ...], text: str, text_words: tuple[str, ...]) -> float:
    if not words:
        return 1.0
    return sum(1 for w in words if w in text or any(len(t) >= 2 and t in w for t in text_words)) / len(words)


@check(
    code="ALN002",
    name="goal-commitment-uncovered",
    kind="misaligned",
    smart="R",
    severity="warning",
    scope="project",
    message="目标中的承诺没有对应指标：{evidence}",
    message_en="A commitment in the project goal has no indicator: {evidence}",
    rationale="目标里写明的具体产出（如“培训1200人次”“新建42所”）如果没有指标衡量，"
    "这部分资金的绩效就无法考核，目标与指标也对不上。",
    hint="为该承诺增加数量、质量或效益指标，目标值与目标中的表述一致；如不再承诺，应从目标中删去。",
    bad=ex(
        ("数量指标", "举办智库论坛", "=1(场)"),
        ("数量指标", "邀请智库专家", "≥60人"),
        ("服务对象满意度指标", "参会专家满意度", "≥90%"),
        project="2025年长三角智库论坛",
        goal="举办长三角智库论坛1场，邀请三省一市智库专家不少于60人，形成论坛成果专报2期，报送市委市政府参阅。",
    ),
    good=ex(
        ("数量指标", "举办智库论坛", "=1(场)"),
        ("数量指标", "邀请智库专家", "≥60人"),
        ("数量指标", "形成论坛成果专报", "=2(期)"),
        ("服务对象满意度指标", "参会专家满意度", "≥90%"),
        project="2025年长三角智库论坛",
        goal="举办长三角智库论坛1场，邀请三省一市智库专家不少于60人，形成论坛成果专报2期，报送市委市政府参阅。",
    ),
)
def goal_commitment_uncovered(ctx: Context):
    f = ctx.frame
    col = _columns(ctx)
    groups = project_groups(ctx)
    texts = (f["name"] + " " + f["value"]).map(lambda s: unicodedata.normalize("NFKC", s)).to_numpy()
    numbers, units = f["number"].to_numpy(), f["target_unit"].fillna("").astype(str).to_numpy()
    todo = []
    for key, idx in groups:
        goal, project = col["goal"][idx[0]], col["project"][idx[0]]
        if _usable_goal(goal, project, ctx.settings.goal_min_chars):
            clauses = [c for c in commitments(goal) if not _date_only(c)]
            if clauses:
                todo.append((key, idx, clauses))
    clause_vecs = None
    if ctx.embeddings is not None and todo:  # one call for every clause of the batch
        clause_vecs = ctx.embed([c for _, _, clauses in todo for c in clauses])
    offset = 0
    for key, idx, clauses in todo:
        sims = None
        if clause_vecs is not None:
            sims = clause_vecs[offset : offset + len(clauses)] @ ctx.embeddings[idx].T
        offset += len(clauses)
        stated: set[tuple[float, str]] = set()
        for i in idx:
            if numbers[i] == numbers[i]:
                stated.add((round(float(numbers[i]), 6), unit_head(units[i])))
            stated |= amounts(texts[i])
        ind_texts = [texts[i] for i in idx]
        ind_words = [content_words(col["name"][i]) for i in idx]
        # an indicator that counts the people or units a benefit reaches covers a promise to pay that benefit
        recipient_names = [col["name"][i] for i in idx
                           if _RECIPIENT.search(col["name"][i]) and unit_head(units[i]) in _HEAD_UNITS]  # fmt: skip
        all_text, all_words = " ".join(ind_texts), tuple(w for ws in ind_words for w in ws)
        for n, clause in enumerate(clauses):
            stated_here = amounts(clause)
            if stated_here & stated:
                continue  # an indicator states the same amount
            benefit = None if stated_here else _BENEFIT_VERB.search(clause)
            if benefit and any(benefit.group(0) in n for n in recipient_names):
                continue  # "按月发放救助金" is covered by "享受救助待遇人员 ≥1,260人"
            words = content_words(clause)
            if not words or _covered_share(words, all_text, all_words) >= ctx.settings.cover_share:
                continue  # the indicators together name at least half of what the clause promises
            best = max(_covered_share(words, t, w) for t, w in zip(ind_texts, ind_words))
            if not stated_here and best > ctx.settings.verb_cover_share:
                continue  # without an amount, one indicator touching the clause is enough
            if sims is not None and float(sims[n].max()) >= ctx.settings.cover_similarity:
                continue
            yield Hit(project=key, evidence=f"“{clause}”", extra={"commitment": clause})
