"""What every HTML page scorer writes shares: the escape of every piece of text and the CJK font stack."""

from __future__ import annotations

import html
from typing import Any

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "SimHei", system-ui, sans-serif')  # fmt: skip


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)
