"""Rewrite templates that keep the row's own object and add what it lacks: an operator, a
marked placeholder number, a unit fitted to the category, a deadline from the project.

The object is the name without vague and generic words (jieba tokens; the vague lexicon of
scorer/lexicon/vague.txt and the boilerplate words of scorer/lexicon/objects.txt): 公民科学素质提升 → 公民科学素质,
项目各项工作完成及时性 → "" (then the project's own object is used); so is a name whose
words are all too general to name an object alone (资金管理合规, 项目社会影响: see WEAK). The
templates themselves are data, ``templates.tsv`` beside this module, one line per form; a form
may be limited to some level 2s (an economic benefit is an amount of money, an ecological one
is not a number of beneficiaries).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from scorer.categories import COST_L2
from scorer.lexicon import terms, words
from scorer.lexicon.dates import YEAR, YEAR_WORD
from scorer.lexicon.objects import BOILERPLATE, WEAK  # words that carry no object (objects.txt)
from scorer.suggest.markers import instantiate
from scorer.suggest.measures import OUTCOME_L2, SATISFACTION_L2, TIMELINESS_L2
from scorer.suggest.names import MAX_OBJECT_CHARS, clean_object, head_noun, tidy
from scorer.suggest.query import Query, level1_of
from scorer.text.segment import pos_tags

TABLE = Path(__file__).resolve().parent / "templates.tsv"

_MEASURE_TOKEN = re.compile(r"^.{0,4}率$|^.{2,4}性$")  # 完成率, 及时性 (not 制度, 年度: see BOILERPLATE)
_PUNCT = re.compile(r"[\s，。、；：,.;:!！?？“”\"'‘’()（）《》<>【】\[\]]+")
_YEAR = re.compile(rf"{YEAR_WORD}|年度")
# word lists: scorer/lexicon/suggest.txt
_PROJECT_FILLER = words(r"{project_filler}|费$", "suggest")
_OPERATOR_WORDS = words("{operator_words}", "suggest")
_LEADING_VERB = words(r"^(?:{leading_verb})", "suggest")
_PEOPLE = words(r"^({people})(.{2,})$", "suggest")
FIELDS = re.compile(r"\{(\w+)\}")
_GRADED = words(r"(?:{graded_head})$", "suggest")  # 补贴标准, 技术状况等级 (suggest.txt [graded_head])
_SAFETY = words(r"(?:{safety_head})$", "suggest")  # 校园安全, 安全生产 (suggest.txt [safety_head])
_PLAN_RATE = words(r"(?:{plan_rate})$", "suggest")
# a row whose target is already a date, or a recurring one (每月15日前): a year-end date replaces it
_DATED = words(r"每[年月季周日天旬]|\d\s*月|\d\s*日|{dated}", "suggest")
# a continuous service has no completion date (投诉处理, 应急响应, 补贴发放, 救助): not for such a row
_CONTINUOUS = words("{continuous}", "suggest")
# a name cut after a per-unit word (乡村医生培训人均 of …人均费用): not a name a reviewer accepts
_CUT = words(r"(?:{cut})$", "suggest")
# issue 15, third round: a completion needs an action (高龄津贴完成时间 has none), a duration or a
# response has no on-time completion rate, an amount of money is no object of a completion
ACTION = words("{action}", "suggest")
_DURATION = words("{duration_name}", "suggest")
MONEY_OBJECT = words(r"(?:{money_object})$", "suggest")
# a total cost is not built on an amount, a standard, a price or a rate, on a fund flow or an
# impact (单机补贴额总成本, 基本生活标准总成本, 执行总成本, 不利影响总成本); read on the object only
_NO_TOTAL = words(r"(?:{no_total})$|影响|单[株件台套个次场]", "suggest")
_HEAD_SUFFIX = words(r"(?:{head_suffix})$", "suggest")
# issue 15, fifth sample: a row's own date or time standard is its measure, and an act done once
# has no rate of acts done on time (scorer/lexicon/suggest.txt [time_standard], [one_off], [recurring])
_TIME_STANDARD = words("{time_standard}", "suggest")
_ONE_OFF = words("{one_off}", "suggest")
_RECURRING = words("{recurring}", "suggest")
_MEASURES_TIME = words(r"(?:{dimension_time})$", "suggest")  # a name that is a duration (修复时限), not a response
_RECORD_ACT = words("{record_act}", "suggest")
_CHANGE = words("{change}", "suggest")
_PEOPLE_END = words(r"(?:{people_head})$", "suggest")
_PER_UNIT_MONEY = re.compile(r"^(?:亿|万|千)?元\s*[/每·]")


@dataclass(frozen=True)
class Template:
    group: str
    when: re.Pattern | None
    name: str
    value: str
    fills: tuple[tuple[str, str], ...]
    reason: str
    level2: re.Pattern | None = None  # only for these level 2s ("outcome@生态效益指标")


@dataclass
class Candidate:
    """A suggestion before it is checked: where it is filed, what it says, and why."""

    level1: str
    level2: str
    name: str
    value: str
    reason: str
    source: str = "template"
    fills: dict[str, str] = field(default_factory=dict)
    score: float = 0.0
    origin: str = "template"  # fix / template / retrieved
    basis: str = ""  # why it was picked: the template form, the fix, or the shared words
    similarity: float | None = None  # retrieved rows: cosine of the row to the corpus row

    @property
    def example(self) -> str:
        """The value with its placeholders filled by their examples: what the checks judge."""
        return instantiate(self.value, self.fills)

    def to_dict(self) -> dict:
        return {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "value": self.value,
            "example": self.example,
            "reason": self.reason,
            "source": self.source,
            "basis": self.basis,
            "similarity": None if self.similarity is None else round(float(self.similarity), 3),
        }


# --------------------------------------------------------------------------- the table


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Template, ...], tuple[tuple[re.Pattern | None, str], ...], tuple[str, ...]]:
    templates, units, who = [], [], []
    for n, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        group, _, only = cells[0].partition("@")
        when = cells[1] if len(cells) > 1 else ""
        pattern, level2 = _pattern(when), _pattern(only)
        if group == "who":
            who += when.split("|")
        elif group == "unit" and len(cells) == 3:
            units.append((pattern, cells[2]))
        elif len(cells) == 6:
            fills = tuple(tuple(kv.split("=", 1)) for kv in cells[4].split(";") if "=" in kv)
            form = Template(group, pattern, cells[2], cells[3], fills, cells[5], level2)  # type: ignore[arg-type]
            templates.append(form)
        else:
            raise ValueError(f"{TABLE}:{n}: expected 6 tab-separated cells (3 for unit, 2 for who)")
    return tuple(templates), tuple(units), tuple(who)


def _pattern(when: str) -> re.Pattern | None:
    """A cell's condition: * (or empty) = always; regex; !regex = only when it does not match."""
    if when in ("*", ""):
        return None
    if when.startswith("!"):
        return re.compile(f"^(?!.*(?:{when[1:]}))")
    return re.compile(when)


def templates(group: str, level2: str = "") -> list[Template]:
    """The forms of ``group``; with ``level2``, only those whose level-2 condition it meets."""
    return [t for t in _table()[0] if t.group == group and (t.level2 is None or t.level2.search(level2))]


# --------------------------------------------------------------------------- objects


def clean(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "").replace("\n", ""))


@lru_cache(maxsize=1)
def _vague_words() -> frozenset[str]:
    return frozenset(terms("vague"))


@lru_cache(maxsize=50_000)
def object_of(name: str) -> str:
    """The row's own object: its name without vague, generic and measure words."""
    from scorer.text.segment import tokens

    vague = _vague_words()
    text = _OPERATOR_WORDS.sub("", _YEAR.sub("", clean(name)))
    kept = []
    for t in tokens(text):
        if t in vague or t in BOILERPLATE or _MEASURE_TOKEN.match(t):
            continue
        kept.append(t)
    if all(t in WEAK for t in kept):
        return ""
    out = _LEADING_VERB.sub("", "".join(kept))
    return out if len(out) >= 2 else ""


def row_object(name: str) -> str:
    """The row's object when it names something: 活动 (of 各类活动完成) is only a general word
    (scorer/lexicon/general_words.txt), so the row has no object of its own."""
    from scorer.suggest.relevance import content_words

    obj = object_of(name)
    return obj if obj and content_words(obj) else ""


def template_object(q: Query, max_chars: int = MAX_OBJECT_CHARS) -> str | None:
    """The object a template may name (scorer/suggest/names.py): the row's own, read from its
    tidied name, when it is clean; None when the row names an object that is not clean (a
    sentence, a slogan, a rule, too long: no template rather than a bad name); for a row that
    names none, the project's object when it is clean, else ""."""
    name = tidy(q.name)
    obj = row_object(name)
    if obj:
        return obj if clean_object(name, obj, max_chars) else None
    proj = project_object(q.project)
    return proj if clean_object(proj, proj, max_chars) else ""


def project_object(project: str) -> str:
    """The project's object: its name without years and 项目/经费/费用 (市科协机构及常委会会议费 → …会议)."""
    core = _PROJECT_FILLER.sub("", _YEAR.sub("", clean(project)))
    return core if len(core) >= 2 else ""


def goal_objects(goal: str, limit: int = 2, max_chars: int = MAX_OBJECT_CHARS) -> list[str]:
    """Objects of the goal's concrete commitments (amounts removed): 举办全市青少年体育联赛8个项目 → 举办全市青少年体育联赛."""
    from scorer.lexicon.goals import AMOUNT, commitments  # the engine's reading of goal amounts

    out: list[str] = []
    for clause in commitments(goal or ""):
        obj = object_of(AMOUNT.sub("", unicodedata.normalize("NFKC", clause)))
        obj = re.sub(r"[A-Za-z\d]+", "", obj)
        if len(obj) >= 4 and clean_object(obj, obj, max_chars) and obj not in out:
            out.append(obj)
    return out[:limit]


_GOAL_DATE = words(rf"(?:({YEAR})\s*年)?\s*(\d{{1,2}})\s*月(底|末|\d{{1,2}}\s*日)?\s*(?:{{before}})", "suggest")


def goal_deadline(goal: str, year: int, max_chars: int = MAX_OBJECT_CHARS) -> tuple[str, str] | None:
    """The first dated commitment of the goal inside the budget year: (object, 2025年11月底).

    "2025年11月底前完成120处健身点器材巡检维护" → ("健身点器材巡检维护", "2025年11月底").
    """
    from scorer.lexicon.goals import AMOUNT

    for clause in re.split(r"[，,。；;！!\n]+", unicodedata.normalize("NFKC", goal or "")):
        m = _GOAL_DATE.search(clause)
        if not m or (m.group(1) and int(m.group(1)) != year) or not 1 <= int(m.group(2)) <= 12:
            continue
        day = (m.group(3) or "底").replace(" ", "")
        obj = object_of(AMOUNT.sub("", clause[: m.start()] + clause[m.end() :]))
        obj = re.sub(r"[A-Za-z\d]+", "", obj)
        if len(obj) >= 4 and clean_object(obj, obj, max_chars):  # never cut: a cut object is no name
            return obj, f"{year}年{int(m.group(2))}月{day}"
    return None


def recipients(*texts: str) -> str:
    """The first service recipients (科技工作者, 参会人员 …) named in the texts, in order."""
    who = _table()[2]
    for text in texts:
        text = clean(text)
        for w in who:
            if w and w in text:
                return w
    return ""


def count_unit(text: str, default: str = "", head: bool = False) -> str:
    """The unit a count of ``text`` takes (活动 → 场, 报道 → 篇, 参会人员 → 人); ``default``
    (none) when no unit line names its words (the table's catch-all line "unit * -"): the
    catch-all 项 fits almost nothing (殡葬惠民补贴 ≥320项, 文化下乡 ≥30项), so it is not offered.
    With ``head``, only a word at the end of ``text`` (its head noun) decides: 学生伙食 counts
    伙食, not 学生 (no unit), 健康知识讲座 counts 讲座 (场)."""
    if head:
        text = re.sub(r"(?:数量|数)$", "", text)
        if len(text) > 3:
            text = _HEAD_SUFFIX.sub("", text)
    for pattern, unit in _table()[1]:
        if pattern is None:
            return default if unit == "-" else unit
        if head:
            if any(m.end() == len(text) for m in pattern.finditer(text)):
                return unit
        elif pattern.search(text):
            return unit
    return default


def completable(obj: str) -> bool:
    """An object that has a completion (a date, an on-time rate): it names an action and
    something besides it (经济普查数据汇总上报, 按季发放助学金; not 高龄津贴, 支付, 故障响应时间)."""
    if not obj or _DURATION.search(obj):
        return False
    rest = ACTION.sub("", obj)
    return rest != obj and len(rest) >= 2


def keeps_own_time(q: Query) -> bool:
    """The row's target is already a time measure of its own: a concrete date (2025年8月,
    11月30日前; a wrong year is the fix's to correct) or a time standard (日产日清). A timeliness
    template would replace it with a placeholder; a recurring date (每月15日前) is not one date."""
    value = q.value or ""
    if _TIME_STANDARD.search(value):
        return True
    return q.target.kind == "deadline" and bool(re.search(r"\d", value)) and "每" not in value


def once(obj: str, q: Query) -> bool:
    """The object is an act done once (one application 认定申报, one plan 规划编制, one games
    县运会举办), not a recurring one (统计月报发布, 按季发放): its on-time rate is 0% or 100%."""
    return bool(_ONE_OFF.search(obj)) and not _RECURRING.search(f"{q.name} {q.value} {obj}")


_CHANGE_ENDS = ("增长", "提高", "增加", "下降", "降低", "减少", "提升")


def _record_head(obj: str, when: re.Pattern) -> bool:
    """The object's last word is a record (数据, 台账) or the making of one (录入, 整理)."""
    tags = pos_tags(obj)
    last = tags[-1][0] if tags else obj
    return bool(when.search(last) or _RECORD_ACT.search(last))


def _own_count(q: Query, unit: str) -> bool:
    """The row wrote a real count in a unit of its own (≥3种) that no finding questions, and the
    template would count the same kind of thing in another unit (篇): the row's number would be
    lost. People trained (人次) for sessions held (=12期) are another measure."""
    from scorer.lexicon.units import unit_family

    t = q.target
    if t.kind != "quantitative" or t.number is None or not t.unit or t.unit == unit:
        return False
    if any(code.startswith(("UNI", "IMP", "ECH006")) for code in q.codes):
        return False
    family = unit_family(t.unit)
    return family not in ("ratio", "money") and family == unit_family(unit)


def join(obj: str, suffix: str) -> str:
    """``obj + suffix`` without repeating the words where they overlap (…正常运行 + 正常运行率)."""
    for k in range(min(len(obj), len(suffix)), 1, -1):
        if obj.endswith(suffix[:k]):
            return obj[:-k] + suffix
    return obj + suffix


# --------------------------------------------------------------------------- filling


def group_of(level2: str) -> str:
    if level2 == SATISFACTION_L2:
        return "satisfaction"
    if level2 == TIMELINESS_L2:
        return "timeliness"
    if level2 in COST_L2:
        return "cost"
    if level2 == "数量指标":
        return "quantity"
    if level2 == "质量指标":
        return "quality"
    if level2 in OUTCOME_L2:
        return "outcome"
    return ""


def _fields(q: Query, obj: str) -> dict[str, str]:
    who = recipients(q.name, q.goal, q.project) or _who_of_project(q.project)
    if not who and _PEOPLE_END.search(obj or ""):
        who = obj  # 调查户满意度: the object names the people (not 调查户服务对象)
    if not who:
        base = project_object(q.project) or obj
        # a declaration's title (…部门整体绩效目标) names no one served: no who (names.shape_fault)
        who = join(base, "服务对象") if base and clean_object(base, base) else ""
    people = _PEOPLE.match(obj)
    proj = project_object(q.project)
    return {
        "obj": obj,
        # a satisfaction name that says of what but not whose (运维服务满意度) gets no other who
        # (运维服务对象满意度, 出租汽车乘客服务对象满意度 read garbled): the fix keeps its name
        "who": _who_of_name(q.name) or ("" if _names_what(q.name) else who),
        # whether that who names people (绩效审计 does not: its own name is kept with a share, but
        # no "绩效审计对…服务满意度" is built on it)
        "who_people": "1" if _PEOPLE_HEAD.search(re.split(r"对(?!象)", _who_of_name(q.name) or who or "-")[0]) else "",
        "subject": people.group(1) if people else "",
        "quality": people.group(2) if people else "",
        "proj": proj if clean_object(proj, proj) else "",  # 19名百岁老人高龄津贴: no name to write
        "end": q.end_text,
        "unit": count_unit(obj, head=True) if obj else "",
        "funds": q.funds_wan,
    }


_SATISFACTION_NAMED = words("{satisfaction_named}", "suggest")
_SATISFACTION_WORDS = words("{satisfaction_words}", "suggest")
_PEOPLE_HEAD = words("{people_head}", "suggest")
_WHO_PREFIX = words(r"^(?:{who_prefix})+|(?:{who_suffix})+$|指标$", "suggest")
_PROJECT_KIND_WHO = ((words("{kind_meeting}", "suggest"), "参会人员"), (words("{kind_training}", "suggest"), "参训人员"),
                     (words("{kind_system}", "suggest"), "系统使用人员"), (words("{kind_contest}", "suggest"), "参赛人员"))  # fmt: skip


def _who_of_name(name: str) -> str:
    """Whose satisfaction a row names itself, with what (居民对卫生服务认可度 → 居民对卫生服务)."""
    if not _SATISFACTION_NAMED.search(name or ""):
        return ""
    who = _SATISFACTION_WORDS.sub("", clean(tidy(name)))
    who = _WHO_PREFIX.sub("", who)
    if not clean_object(who, who):  # 老年人对19名百岁老人: not whose satisfaction a reviewer names
        return ""
    return who if len(who) >= 2 and who not in ("服务对象", "对象") else ""


def _names_what(name: str) -> bool:
    """A satisfaction name that says of what, but names no people (运维服务满意度); not one whose
    only words are generic (服务对象满意度, 满意度)."""
    if not _SATISFACTION_NAMED.search(name or ""):
        return False
    rest = _WHO_PREFIX.sub("", _SATISFACTION_WORDS.sub("", clean(tidy(name))))
    return len(rest) >= 2 and rest not in ("服务对象", "对象")


def _who_of_project(project: str) -> str:
    for pattern, who in _PROJECT_KIND_WHO:
        if pattern.search(project or ""):
            return who
    return ""


def _render(text: str, values: dict[str, str]) -> str | None:
    missing = [k for k in FIELDS.findall(text) if not values.get(k)]
    if missing:
        return None
    out = text
    for key in dict.fromkeys(FIELDS.findall(text)):
        if key == "obj":
            continue
        out = out.replace("{" + key + "}", values[key])
    if "{obj}" in out:
        head, _, tail = out.partition("{obj}")
        out = head + join(values["obj"], tail) if tail else head + values["obj"]
    return out.replace("服务服务", "服务")  # 科技人才举荐与服务 + 服务满意度


def _repeats(obj: str, name: str) -> bool:
    """A name that says a word of its object twice (媒体报道宣传相关报道…, 单项赛事平均单场平均成本)."""
    if not obj or not name.startswith(obj):
        return False
    tail = name[len(obj) :]
    return any(obj[i : i + 2] in tail for i in range(len(obj) - 1))


_CONJUNCTION = re.compile(r"以及|[及和与、]")


def _two_things(text: str) -> bool:
    """Two actions joined (校园维修改造及设备购置): no one thing to count. Two qualifiers of one
    head (市科协机构及常委会会议) are one thing."""
    parts = _CONJUNCTION.split(text)
    return len(parts) > 1 and any(ACTION.search(p) for p in parts[:-1])


def with_conjunction(name: str, obj: str) -> str:
    """``obj`` as the name writes it, when the object reading dropped a conjunction of the name
    (市科协机构及常委会会议 → 市科协机构常委会会议 reads garbled): the name's own words."""
    text = clean(name)
    if obj in text or not _CONJUNCTION.search(text):
        return obj
    for i in range(len(text)):
        for j in range(len(text), i, -1):
            if _CONJUNCTION.sub("", text[i:j]) == obj:
                return text[i:j]
    return obj


def category_templates(q: Query, level2: str, obj: str | None = None, limit: int = 4,
                       max_chars: int = MAX_OBJECT_CHARS) -> list[Candidate]:  # fmt: skip
    """Template suggestions filed under ``level2`` for the row's object (or ``obj``); none when
    the object is not clean (:func:`template_object`, scorer/suggest/names.py)."""
    group = group_of(level2)
    if not group:
        return []
    explicit = obj is not None and bool(q.name)
    if obj is None:
        obj = template_object(q, max_chars)
    elif not clean_object(obj, obj, max_chars):
        obj = None
    if obj is None or _GRADED.search(obj):
        return []  # a standard or a grade is itself the measure: no rate or count is built on it
    obj = with_conjunction(q.name, obj) if obj and not explicit else obj
    # the project's name with a plan-completion rate is itself boilerplate (GEN001's 项目计划完成率)
    of_project = bool(obj) and obj == project_object(q.project)
    values = _fields(q, obj)
    # a form's condition reads the row's words and its object; for an object given from elsewhere
    # (the goal's commitment of a row off the goal) only that object: the row's words say nothing of it
    text = obj if explicit else tidy(q.name) + " " + obj
    specific, general = [], []
    if group == "timeliness" and q.name and keeps_own_time(q):
        return []
    if group == "cost" and q.name and _PER_UNIT_MONEY.match(q.target.unit or ""):
        return []  # a unit standard (1800元/个·年) is the row's measure: no total cost replaces it
    dated = goal_deadline(q.goal, q.year, max_chars) if group == "timeliness" else None
    if dated:
        specific.append(Candidate(level1_of(level2), level2, join(dated[0], "完成时间"), f"{dated[1]}前",
                                  "采用项目目标中写明的完成时间", basis="模板：项目目标中的完成日期"))  # fmt: skip
    for t in templates(group, level2):
        if t.when is not None and not t.when.search(text):
            continue
        name = _render(t.name, values)
        value = _render(t.value, values)
        if not name or not value:
            continue
        fills = {k: (values.get(v[1:-1], "") if v.startswith("{") else v) for k, v in t.fills}
        if any(not v for v in fills.values()):
            fills = {k: (v or "10") for k, v in fills.items()}
        if _repeats(obj, name) or (of_project and _PLAN_RATE.search(name)) or _CUT.search(name):
            continue
        # a facility's running rate is for a facility the object is about, not for a word of its
        # modifiers (科普知识网络竞赛 is a contest: its head noun, names.head_noun, decides)
        if t.name.endswith("正常运行率") and t.when is not None and not t.when.search(head_noun(obj) or obj):
            continue
        # "具备{quality}" names one standard a person meets, not two joined (素质素养和种植技术水平)
        if "{quality}" in t.name and _CONJUNCTION.search(values.get("quality", "")):
            continue
        if "{who}对" in t.name and not values.get("who_people"):
            continue
        # a flagged row never gets the year's end as its completion date: judged on two samples it
        # was never kept (a dated row's own date is the fix's, a service has no completion, a noun
        # without an action none either); a missing category still gets the project's end date
        if "{end}" in t.value and q.name:
            continue
        if t.name.startswith("{obj}") and "成本" in t.name and _NO_TOTAL.search(obj):
            continue
        # incidents are counted of a safety object (校园安全 → 校园安全事故), not bolted onto another one
        if t.name == "{obj}安全事故" and not _SAFETY.search(obj):
            continue
        # an accuracy rate measures a record or its making (统计数据, 档案整理), not what the object
        # says of it (数据质量准确率, 档案保管准确率): the object's last word decides
        if t.name == "{obj}准确率" and t.when is not None and not _record_head(obj, t.when):
            continue
        # a change the row targets as a rate (零售额增长 ≥6%) stays a rate: no amount replaces it
        if q.name and "万元" in t.value and (_CHANGE.search(obj) and (q.target.unit == "%" or obj.endswith(_CHANGE_ENDS))):
            continue
        # a count the row wrote in its own unit (≥3种) is not replaced by a placeholder in another
        if group == "quantity" and q.name and _own_count(q, values["unit"]):
            continue
        # an on-time completion rate needs something completed (not a response time, not 高龄津贴)
        if t.name.endswith("按期完成率") and q.name and (not completable(obj) or once(obj, q)):
            continue
        # a row that already measures a duration (修复时限) keeps its measure: another duration
        # (修复响应时间) measures something else; the same name in a unit is the row itself
        if group == "timeliness" and q.name and t.name.endswith(("时间", "时限")) and _MEASURES_TIME.search(clean(tidy(q.name))) \
                and clean(name) != clean(tidy(q.name)):
            continue
        # a project is not a deliverable to count (就业创业服务项目 ≥【X】项 is the echo again), nor
        # are two things joined (校园维修改造及设备购置 counts neither)
        if group == "quantity" and (name.endswith("项目") or _two_things(obj if (explicit or of_project) else tidy(q.name))):
            continue
        cand = Candidate(level1_of(level2), level2, name, value, t.reason, fills=fills,
                         basis=f"模板：{t.name}｜{t.value}")  # fmt: skip
        conditional = t.when is not None or "{subject}" in t.name
        (specific if conditional else general).append(cand)
    return (specific + general)[:limit]
