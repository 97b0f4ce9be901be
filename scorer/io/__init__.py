"""Readers: every declaration format becomes a :class:`scorer.model.Declaration`."""

from scorer.io.base import ReadError
from scorer.io.detect import iter_files, read

__all__ = ["ReadError", "iter_files", "read"]
