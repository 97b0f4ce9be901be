"""scorer: grade Chinese budget performance indicators (绩效指标) and suggest better ones."""

__version__ = "0.1.0"
