"""scorer: grade Chinese budget performance indicators (绩效指标) and suggest better ones.

    import scorer
    result = scorer.score("declaration.txt")   # files, a directory, a Declaration or a DataFrame
"""

__version__ = "0.1.0"

__all__ = ["score", "score_frame", "read", "Result"]


def __getattr__(name: str):
    # Lazy, so that `import scorer` stays cheap (pandas, scikit-learn load on first use).
    if name in ("score", "score_frame", "Result"):
        from scorer import api

        return getattr(api, name)
    if name == "read":
        from scorer.io import read

        return read
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
