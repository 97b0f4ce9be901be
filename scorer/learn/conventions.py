"""The labelling conventions of corpus/GUIDELINE.md (table C4–C12, issue 14) applied to rows.

``relabel(row)`` gives the kinds a row carries under the conventions table, with the
convention behind each change. It shows which train and dev rows contradict the table, and
how far an older labelled set (corpus/blind, labelled before the table) differs from it —
without ever writing to a held-out file:

    python -m scorer.learn.conventions            # list the train/dev rows that contradict the table
    python -m scorer.learn.conventions --write    # relabel them (train and dev only, never test)
    python -m scorer.learn.conventions --view corpus/blind/labelled.csv   # differences, not written

The table is written here on its own, from the wording and the examples of GUIDELINE.md: no
pattern of the checks (scorer.checks) is imported, so labels made by this module are not the
rules' own reading of a row, and an agreement of the rules with them is not circular. Only the
form of a value (number, unit, operator, date) is read with :func:`scorer.values.parse_value`,
the value reader every part of scorer shares; what a form means for a label is decided here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from scorer.values import parse_value


def _norm(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


# C5: a satisfaction name that names no recipient ("the bare 服务对象满意度, 满意度, 满意率;
# 群众满意度, 相关人员满意度").
C5_NO_RECIPIENT = re.compile(r"^(?:服务对象|群众|相关人员)?满意(?:度|率|程度)$")
# C6: a value that is only a degree word and a verb of change ("显著改善, 稳步提高, 有效促进, 明显增强").
C6_DEGREE = "显著|明显|稳步|有效|大幅|大大|持续|不断|逐步|进一步|全面|切实|较大|有所|得到|更加"
C6_CHANGE = "改善|提高|提升|增强|促进|加强|增加|减少|降低|下降|好转|优化|推进|推动|扩大|完善|保障|巩固"
C6_VALUE = re.compile(rf"^(?:{C6_DEGREE})+(?:地)?(?:{C6_CHANGE})$")
# C6 keeps echo for a category name used as the row's name (the level-2 names of the form).
C6_CATEGORY_NAME = re.compile(
    r"^(?:数量|质量|时效|成本|经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|"
    r"产出|效益|满意度)(?:指标)?$"
)
# C7: a deadline that is only the budget year ("年内, 年底前, 本年度内").
C7_BUDGET_YEAR = re.compile(r"^(?:(?:19|20)\d\d年度?)?(?:本|当)?(?:年度|年)(?:内|底前|末前|底|末)?$|^全年(?:内)?$")
# C8: an object that is itself unbounded ("各项工作, 各项任务, 相关工作, 重点工作, 工作任务").
C8_UNBOUNDED = re.compile(r"(?:各项|各类|相关|有关|重点|全部)(?:工作|任务)|工作任务")
# C9: a value pointing to a standard it does not name ("按标准发放, 符合标准, 符合相关标准,
# 按规定标准提供服务"); a named one ("符合GB 5749", "符合《…》") is not vague.
C9_STANDARD = re.compile(r"(?:按|按照|符合|满足|达到|执行|依照)[^，。；]{0,4}标准(?!化)")
C9_NAMED = re.compile(r"[《〈]|GB|DB|JGJ|CJJ|[A-Z]{2,}\s*/?\s*T?\s*\d|国家标准|行业标准|地方标准|设计")
# C10: a benefit or allowance standard ("特困供养标准, 低保标准, 补贴标准 per recipient") is a floor;
# costs, fees, unit prices and totals are not.
C10_BENEFIT = re.compile(r"(?:供养|低保|最低生活保障|救助|补助|补贴|津贴|资助|抚恤|优抚|养老金|生活费|慰问金?|奖补|奖励)[^，。]{0,4}标准")
C10_COST = re.compile(r"成本|单价|造价|价格|经费|费用|工作经费|总额|总金额")
# C11: "a count of physical things measured in a unit of time (宣传海报 =2月)".
C11_THING = re.compile(
    r"海报|手册|宣传册|折页|明白纸|展板|横幅|标语|宣传单|画册|挂图|图书|书籍|教材|资料|报告|简报|台账|证书|"
    r"设备|仪器|记录仪|电脑|计算机|车辆|桌椅|器材|终端|摄像头|路灯|垃圾桶|标识牌|指示牌"
)
C11_DURATION = re.compile(
    r"时长|周期|期限|时限|用时|时间|天数|工期|服务期|运行|运维|使用期|展出|张贴|播放|维护|保修|质保|年限|寿命"
)
C11_TIME_UNITS = frozenset({"天", "日", "个月", "月", "年", "周", "小时", "分钟", "工作日", "季度"})
# C11: "a head count measured in a unit for things (培训学员50人 ≥50个)".
C11_PEOPLE = re.compile(r"(?:学员|学生|老人|群众|居民|村民|农民|患者|人员|人数|人次|游客|志愿者|教师|职工|\d+人)$")
C11_THING_UNITS = frozenset({"个", "件", "台", "套", "项", "张", "本", "份", "处", "座", "辆"})
RATE = re.compile(r"率|比例|占比|比重|覆盖面")
# C4: placements reviewers accept — a head count of beneficiaries, trainees or visitors under
# 数量指标; a completion, punctuality or settlement rate under 时效指标; the design life or service
# period of what was built or bought under 可持续影响指标.
C4_HEADS = re.compile(r"受益|受助|惠及|服务对象|学员|参训|培训|参加|参与|游客|观众|参观|访客|群众|居民|老人|学生|农户|人数|人次")
C4_NOT_BENEFICIARIES = re.compile(r"死亡|伤亡|受伤|事故|发病|感染|投诉|信访|失业|辍学|违法")
C4_PEOPLE_UNITS = frozenset({"人", "人次", "名", "位", "户", "户次"})
C4_TIMELY = re.compile(r"完成率|及时率|按时|按期|准时|办结率")
C4_SERVICE_LIFE = re.compile(r"使用年限|寿命|服务期|使用期|运行期|保修期|质保期|运营期")


def _restates(value: str, name: str) -> bool:
    """C6: the value repeats the name or its object (服务对象满意度 | 服务对象满意)."""
    v = re.sub(r"[≥≤<>=%]", "", value)
    return len(v) >= 2 and (v in name or name in v)


def _unit(t) -> str:
    return (t.unit or "").split("/")[0]


def relabel(row: dict) -> tuple[list[str], list[str]]:
    """(kinds under the conventions table, changes as '+kind(C#)' / '-kind(C#)') for one labelled row.

    ``row`` has name, value, level2 and kinds (a list or a ';'-separated string); a row whose
    category_mismatch is dropped gets ``true_level2`` set to its level2 in place."""
    kinds = row["kinds"] if isinstance(row["kinds"], list) else row["kinds"].split(";")
    ks = [k for k in kinds if k]
    name, value, level2 = _norm(row["name"]), _norm(row["value"]), row["level2"]
    t = parse_value(row["value"])
    why: list[str] = []

    def add(kind: str, c: str) -> None:
        if kind not in ks:
            ks.append(kind)
            why.append(f"+{kind}({c})")

    def drop(kind: str, c: str) -> None:
        if kind in ks:
            ks.remove(kind)
            why.append(f"-{kind}({c})")

    measured = t.kind in ("quantitative", "range", "relative")
    if C5_NO_RECIPIENT.match(name):  # C5: generic; echo only for a placeholder value
        add("generic", "C5")
        if t.kind != "placeholder" and not _restates(value, name):  # C6: a value restating the name stays echo
            drop("echo", "C5")
    if C6_VALUE.match(value) and value != name and not C6_CATEGORY_NAME.match(name) and "echo" in ks:  # C6
        drop("echo", "C6")
        add("vague", "C6")
    if C8_UNBOUNDED.search(name) and t.unit == "%" and measured:  # C8
        add("vague", "C8")
    if t.kind == "qualitative" and C9_STANDARD.search(value) and not C9_NAMED.search(value):  # C9
        add("vague", "C9")
    if C10_BENEFIT.search(name) and not C10_COST.search(name) and t.op in (">=", ">"):  # C10
        drop("implausible", "C10")
    if t.kind == "deadline":  # C7
        drop("generic", "C7")
        if t.date is None and C7_BUDGET_YEAR.match(value.lstrip("≤<=≦")):
            drop("vague", "C7")
            add("not_quantified", "C7")
    if t.kind in ("quantitative", "range") and t.unit and not RATE.search(name):  # C11
        per = "/" in t.unit
        if not per and _unit(t) in C11_TIME_UNITS and C11_THING.search(name) and not C11_DURATION.search(name):
            add("unit_mismatch", "C11")
        if not per and _unit(t) in C11_THING_UNITS and C11_PEOPLE.search(name):
            add("unit_mismatch", "C11")
    if "category_mismatch" in ks and _accepted(level2, name, t):  # C4
        drop("category_mismatch", "C4")
        if "true_level2" in row:
            row["true_level2"] = level2
    return ks, why


def _accepted(level2: str, name: str, t) -> bool:
    """C4: a placement reviewers accept."""
    if level2 == "数量指标":
        return _unit(t) in C4_PEOPLE_UNITS and bool(C4_HEADS.search(name)) and not C4_NOT_BENEFICIARIES.search(name)
    if level2 == "时效指标":
        return bool(C4_TIMELY.search(name))
    if level2 == "可持续影响指标":
        return _unit(t) in C11_TIME_UNITS and bool(C4_SERVICE_LIFE.search(name))
    return False


def _relabel_csv(path: Path, splits: dict[str, str], write: bool, log: list[str], changes: Counter) -> int:
    text = path.open(encoding="utf-8", newline="").read()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    changed = 0
    for r in rows:
        if splits.get(r["id"]) not in ("train", "dev"):
            continue
        old, old_l2 = r["kinds"], r["true_level2"]
        ks, why = relabel(r)
        if set(ks) != set(old.split(";")) - {""} or r["true_level2"] != old_l2:
            r["kinds"] = ";".join(ks)
            changed += 1
            changes.update(why)
            log.append(f"{splits[r['id']]} {r['id']} | {r['name']} | {r['value']} | {old} -> {r['kinds']} {' '.join(why)}")
    if changed and write:
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return changed


def _relabel_jsonl(path: Path, splits: dict[str, str], write: bool, log: list[str], changes: Counter) -> int:
    objs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    changed = 0
    for o in objs:
        if splits.get(o["id"]) not in ("train", "dev"):
            continue
        old = list(o["kinds"])
        ks, why = relabel(o)
        if set(ks) != set(old):
            o["kinds"] = ks
            changed += 1
            changes.update(why)
            log.append(f"{splits[o['id']]} {o['id']} | {o['name']} | {o['value']} | {';'.join(old)} -> {';'.join(ks)} {' '.join(why)}")
    if changed and write:
        path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if argv[:1] == ["--view"] and len(argv) == 2:
        from scorer.evaluate import read_labelled

        rows = read_labelled(Path(argv[1]))
        n = 0
        for r in rows:
            ks, why = relabel(dict(r))
            if why and set(ks) != set(r["kinds"]):
                n += 1
                print(f"{r['id']} | {r['name']} | {r['value']} | {';'.join(r['kinds'])} -> {';'.join(ks)} {' '.join(why)}")
        print(f"{n} of {len(rows)} rows differ from the conventions table (file not written)")
        return 0
    from scorer.learn.split import read_splits

    corpus = Path("corpus")
    splits = read_splits(corpus / "splits.csv")
    write = "--write" in argv
    log: list[str] = []
    changes: Counter = Counter()
    n = sum(_relabel_csv(p, splits, write, log, changes) for p in sorted((corpus / "labelled").glob("*.csv")))
    n += sum(_relabel_jsonl(p, splits, write, log, changes) for p in sorted((corpus / "pairs").glob("*.jsonl")))
    print("\n".join(log))
    print(f"{n} train/dev rows {'relabelled' if write else 'contradict the conventions table'}: {dict(changes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
