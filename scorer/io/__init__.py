"""Readers: every declaration format becomes a :class:`scorer.model.Declaration`.

Read files through :func:`read_one` / :func:`read_files` / :func:`read_paths` (scorer/io/loop.py):
the one loop, with one error policy, that the CLI, the API, the batch and the web page share.
"""

from scorer.io.base import ReadError
from scorer.io.detect import iter_files, read
from scorer.io.limits import Limits
from scorer.io.loop import FileRead, read_files, read_one, read_paths

__all__ = ["FileRead", "Limits", "ReadError", "iter_files", "read", "read_files", "read_one", "read_paths"]
