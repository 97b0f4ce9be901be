"""Year over year and resubmissions: compare two (or more) versions of declarations.

    import scorer
    d = scorer.diff("2024/", "2025/")     # anything scorer reads, each side
    d.to_frame(); d.to_excel("diff.xlsx"); d.to_html("diff.html"); d.to_json()

Modules: inputs (sides and years), text and match (pairing departments, projects,
indicators), compare (the comparison and the resubmission view), checks (the YOY checks,
registered in scorer/checks/registry.py), run (the pipeline), result, report, cli, evaluate
(matching precision and recall on labelled pairs). docs/diff.md.
"""

__all__ = ["diff", "DiffResult"]


def __getattr__(name: str):
    if name == "diff":
        from scorer.diff.run import diff

        return diff
    if name == "DiffResult":
        from scorer.diff.result import DiffResult

        return DiffResult
    raise AttributeError(f"module 'scorer.diff' has no attribute {name!r}")


# `scorer.diff(old, new)` must work although `scorer.diff` is also this package (once it is
# imported, the package attribute is the module): the module itself is callable.
import sys as _sys
import types as _types


class _CallableModule(_types.ModuleType):
    def __call__(self, old, new, **kw):
        from scorer.diff.run import diff

        return diff(old, new, **kw)


_sys.modules[__name__].__class__ = _CallableModule
