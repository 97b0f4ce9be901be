"""`scorer suggest "公民科学素质提升 有所提升" [--level2 社会效益指标] [--goal TEXT]`."""

from __future__ import annotations

import json
import sys

import click

SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "·"}


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--level2", default=None, help="二级指标（如 社会效益指标；不填则由分类模型判断）")
@click.option("--goal", default="", help="项目目标（用于贴合目标的建议）")
@click.option("--project", default="", help="项目名称")
@click.option("--year", type=int, default=None, help="预算年度（默认取目标或项目名称中的年份，否则为今年）")
@click.option("-k", "--top", "k", type=int, default=3, show_default=True, help="建议条数")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--no-models", is_flag=True, help="只用规则和模板，不加载训练模型")
def suggest(text, level2, goal, project, year, k, fmt, no_models) -> None:
    """为一条指标给出改写建议 / suggest better indicators for one row.

    TEXT is "名称 指标值" in one argument (the value is the last space-separated part), or
    the name and the value as two arguments.
    """
    from scorer.engine import Models
    from scorer.suggest.row import split_text, suggest_text

    if len(text) == 1:
        name, value = split_text(text[0])
    else:
        name, value = " ".join(text[:-1]).strip(), text[-1].strip()
    if not name:
        click.echo("error: 没有指标名称 (give the indicator name, e.g. \"公民科学素质提升 有所提升\")", err=True)
        sys.exit(2)
    if k < 1:
        click.echo("error: --top 至少为 1", err=True)
        sys.exit(2)
    models = Models.none() if no_models else None
    out = suggest_text(name, value, level2=level2, goal=goal, project=project, year=year, models=models, k=k)
    if fmt == "json":
        click.echo(json.dumps(out.to_dict(), ensure_ascii=False, indent=1))
        return
    guessed = "（推断）" if out.level2_guessed and out.level2 else ""
    click.echo(f"指标：{name} | {value}    二级指标：{out.level2 or '未知'}{guessed}")
    for f in out.findings:
        click.echo(f"  {SEVERITY_MARK.get(f.severity, '·')} {f.code} {f.message}")
    if not out.findings:
        click.echo("  未发现问题，无需改写。")
        return
    if not out.suggestions:
        click.echo("没有通过检查的建议。")
        return
    click.echo("建议：")
    for n, s in enumerate(out.suggestions, start=1):
        d = s.to_dict()
        example = f"（示例：{d['example']}）" if d["example"] != d["value"] else ""
        click.echo(f"  {n}. [{d['level1']}/{d['level2']}] {d['name']} | {d['value']}{example}")
        click.echo(f"     理由：{d['reason']}    依据：{d['basis']}    来源：{d['source']}")
    if any("【" in s.value for s in out.suggestions):
        click.echo("  注：【X】【Y】为待填写的占位符，请按本项目实际填写。")
