"""scorer: grade Chinese budget performance indicators (绩效指标) and suggest better ones.

    import scorer
    result = scorer.score("declaration.txt")   # files, a directory, a Declaration or a DataFrame
    result.projects, result.to_frame(), result.findings_frame()
    scorer.score_rows([("社会效益指标", "公民科学素质提升", "有所提升")])   # a few rows as one project
    scorer.explain("VAG001"); scorer.kind_name("vague")                   # the rules, in Chinese
    scorer.setup_plot_fonts()                                             # Chinese labels in matplotlib
    changes = scorer.diff("2024/", "2025/")     # year over year, or two versions of one year
"""

__version__ = "0.1.0"

__all__ = ["score", "score_frame", "score_rows", "read", "Result", "explain", "kind_name", "load_config",
           "config_from_dict", "write_gallery", "corpus_pairs", "setup_plot_fonts", "diff"]

_WHERE = {
    "score": ("scorer.api", "score"),
    "score_frame": ("scorer.api", "score_frame"),
    "score_rows": ("scorer.api", "score_rows"),
    "Result": ("scorer.api", "Result"),
    "read": ("scorer.io", "read"),
    "explain": ("scorer.checks.docs", "explain"),
    "kind_name": ("scorer.report.common", "kind_name"),
    "load_config": ("scorer.config", "load_config"),
    "config_from_dict": ("scorer.config", "from_dict"),
    "write_gallery": ("scorer.report.gallery", "write_gallery"),
    "corpus_pairs": ("scorer.report.gallery", "corpus_pairs"),
    "setup_plot_fonts": ("scorer.report.fonts", "setup_matplotlib"),
}


def __getattr__(name: str):
    # Lazy, so that `import scorer` stays cheap (pandas, scikit-learn load on first use).
    import importlib

    if name == "diff":  # scorer.diff(old, new): a callable module (year over year and resubmissions, scorer/diff/)
        return importlib.import_module("scorer.diff")
    if name in _WHERE:
        module, attr = _WHERE[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
