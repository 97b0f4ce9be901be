"""`scorer diff OLD... --against NEW... [-o report.xlsx|.html|.json]`.

Exit codes: 0 compared; 2 a file could not be read, or one side has nothing to compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ("table", "json", "xlsx", "html")


def _split(args: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    if "--against" not in args:
        raise click.UsageError("需要 --against：scorer diff 上年文件... --against 今年文件... (missing --against NEW...)")
    k = args.index("--against")
    old, new = [Path(a) for a in args[:k]], [Path(a) for a in args[k + 1 :]]
    if not old or not new:
        raise click.UsageError("--against 两边都要给出文件或目录 (give files on both sides of --against)")
    return old, new


def table(result) -> str:
    """A plain-text summary for the terminal."""
    lines = []
    trend = result.trend()
    if len(result.labels) > 2:
        lines.append("部门得分趋势 / department scores: " + "、".join(result.labels))
        for dept, by in trend.items():
            lines.append(f"  {dept}: " + " → ".join(f"{by[v]:.1f}" if v in by else "—" for v in result.labels))
        lines.append("")
    for p in result.pairs:
        d = p.to_dict()
        changed: dict[tuple[str, str], list[dict]] = {}
        for r in d["rows"]:
            if r["change_kind"] != "unchanged":
                changed.setdefault((r["old_project"], r["new_project"]), []).append(r)
        lines.append(f"== {d['old']} → {d['new']}（{d['mode_zh']}）")
        for q in d["projects"]:
            score = ""
            if q["score_change"] is not None:
                score = f"  得分 {q['old_score']:.1f} → {q['new_score']:.1f}（{q['score_change']:+.1f}）"
            lines.append(f"  [{q['match_zh']}] {q['old_project'] or '—'} | {q['new_project'] or '—'}"
                         f"  相似度 {q['similarity']:.2f}  {q['reason']}{score}")  # fmt: skip
            if q["old_project"] and q["new_project"]:  # a continued project: its changed rows
                key = (q["old_project"], q["new_project"])
                for r in changed.get(key, []):
                    lines.append(f"      · {r['old_name'] or r['new_name']}：{r['change']}")
        if d["findings"]:
            lines.append("  年度对比问题 / findings:")
            lines += [f"    {x['code']} [{x['severity']}] {x['message']}" for x in d["findings"]]
        if d["status_counts"]:
            zh = {"fixed": "已改正", "remaining": "仍存在", "changed": "有变化", "new": "新出现"}
            lines.append("  原有问题 / findings of the old version: " +
                         "，".join(f"{zh[k]} {d['status_counts'].get(k, 0)}" for k in zh))  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def _write(result, fmt: str, output: Path | None) -> None:
    if fmt == "xlsx":
        result.to_excel(output)
    elif fmt == "html":
        result.to_html(output)
    else:
        text = result.to_json() if fmt == "json" else table(result) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)


@click.command("diff", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="输出格式 (default: table, or from -o's suffix)")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入报告：.xlsx / .html / .json")
@click.option("-r", "--recursive", is_flag=True, help="递归读取目录")
@click.option("--no-models", is_flag=True, help="只用规则，不加载训练模型和嵌入模型")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="配置文件（scorer.toml）")
def diff_command(args, fmt, output, recursive, no_models, config_path) -> None:
    """年度对比与重新提交：scorer diff 上年... --against 今年... / compare two years or two versions.

    每一边是 scorer 能读取的文件或目录（可以多个年度）。同一年度的两版按重新提交比较：
    原有问题逐条标为已改正、仍存在、有变化，新版多出的问题标为新出现。
    """
    import dataclasses

    from scorer.config import load_config
    from scorer.diff.run import diff
    from scorer.engine import Models

    old, new = _split(args)
    suffix = output.suffix.lstrip(".").lower() if output else ""
    fmt = fmt or (suffix if suffix in FORMATS else "table")
    if fmt in ("xlsx", "html") and not output:
        click.echo(f"error: {fmt} 报告需要 -o 文件名 ({fmt} needs -o FILE)", err=True)
        sys.exit(2)
    if output is not None and not output.parent.is_dir():  # said before the work, not as a traceback after it
        click.echo(f"error: 无法写入报告 {output}：目录 {output.parent} 不存在 (no such folder)", err=True)
        sys.exit(2)
    try:
        config = load_config(config_path, start=old[0])
        if no_models:
            config = dataclasses.replace(config, settings=dataclasses.replace(config.settings, use_models=False))
        result = diff(old, new, config=config, models=Models.none() if no_models else None, recursive=recursive)
    except (OSError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for err in result.errors:
        click.echo(f"error: {err}", err=True)
    for m in result.messages:
        click.echo(f"注意: {m}", err=True)
    try:
        _write(result, fmt, output)
    except OSError as exc:
        click.echo(f"error: 无法写入报告 {output}：{exc.strerror or exc}", err=True)
        sys.exit(2)
    n = sum(len(p.findings) for p in result.pairs)
    click.echo(f"比较 {len(result.labels)} 个版本（{'、'.join(result.labels)}），{len(result.pairs)} 组对比，{n} 条年度对比问题"
               + (f"，{len(result.errors)} 个文件无法读取" if result.errors else "") + (f"；报告：{output}" if output else ""),
               err=True)  # fmt: skip
    if result.errors or not result.pairs:
        sys.exit(2)
