"""scorer: grade Chinese budget performance indicators (绩效指标) and suggest better ones.

    import scorer
    result = scorer.score("declaration.txt")   # files, a directory, a Declaration or a DataFrame
    changes = scorer.diff("2024/", "2025/")     # year over year, or two versions of one year
"""

__version__ = "0.1.0"

__all__ = ["score", "score_frame", "read", "Result", "diff"]


def __getattr__(name: str):
    # Lazy, so that `import scorer` stays cheap (pandas, scikit-learn load on first use).
    if name in ("score", "score_frame", "Result"):
        from scorer import api

        return getattr(api, name)
    if name == "diff":  # scorer.diff(old, new): year over year and resubmissions (scorer/diff/)
        return __import__("scorer.diff", fromlist=["diff"])
    if name == "read":
        from scorer.io import read

        return read
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
