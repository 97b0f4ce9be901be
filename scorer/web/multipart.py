"""Read a multipart/form-data request straight into a per-upload temporary directory, with caps.

Each uploaded file is written, as it arrives, to ``<tmpdir>/part-<n>`` — a name of ours; the
name the browser sent is kept as text only (``Part.filename``) and never reaches the file
system. A file larger than ``max_file_bytes`` stops the reading at once (:class:`TooLarge`);
so do more than ``max_files`` files, or text fields over ``max_field_bytes``. The caller owns
the directory and removes it (``tempfile.TemporaryDirectory``) after reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header


class FormError(Exception):
    """A request body that cannot be used; ``str()`` is the Chinese message for the page."""

    status = 400


class TooLarge(FormError):
    status = 413


@dataclass
class Part:
    name: str
    filename: str | None = None  # as sent by the browser: text only
    path: Path | None = None  # our own file in the upload's directory
    size: int = 0
    value: bytearray = field(default_factory=bytearray)

    @property
    def text(self) -> str:
        return self.value.decode("utf-8", errors="replace")


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[Part] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default


def _disposition(raw: bytes) -> tuple[str, str | None]:
    _, params = parse_options_header(raw)
    name = params.get(b"name", b"").decode("utf-8", errors="replace")
    filename = params.get(b"filename")
    if b"filename*" in params:  # RFC 5987: utf-8''%E7%94%B3...
        from urllib.parse import unquote

        value = params[b"filename*"].decode("latin-1")
        filename = unquote(value.split("''", 1)[-1]).encode("utf-8")
    return name, None if filename is None else filename.decode("utf-8", errors="replace")


async def read_form(request, tmpdir: Path, *, max_file_bytes: int, max_files: int = 20,
                    max_field_bytes: int = 2 * 1024 * 1024) -> Form:  # fmt: skip
    """Parse the body of ``request`` (Starlette) into fields and files under ``tmpdir``."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype == b"application/x-www-form-urlencoded":
        return await _read_urlencoded(request, max_field_bytes)
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise FormError("请求格式不对：需要 multipart/form-data 表单 (not a multipart form)")
    form = Form()
    state: dict = {"part": None, "fh": None, "header": b"", "value": b"", "headers": {}, "error": None}

    def on_part_begin() -> None:
        state["headers"] = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["header"].lower()] = state["value"]
        state["header"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        name, filename = _disposition(state["headers"].get(b"content-disposition", b""))
        part = Part(name=name, filename=filename)
        if filename is not None:
            if len(form.files) >= max_files:
                raise TooLarge(f"一次最多上传 {max_files} 个文件 (too many files)")
            part.path = tmpdir / f"part-{len(form.files)}"
            state["fh"] = open(part.path, "wb")  # noqa: SIM115 - closed in on_part_end
            form.files.append(part)
        state["part"] = part

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part: Part = state["part"]
        n = end - start
        part.size += n
        if part.filename is not None:
            if part.size > max_file_bytes:
                raise TooLarge(f"{part.filename}: 文件太大，超过 {max_file_bytes / 1024 / 1024:g} MB 的上限 (file too large)")
            state["fh"].write(data[start:end])
        else:
            if part.size > max_field_bytes:
                raise TooLarge(f"表单字段 {part.name} 太长，超过 {max_field_bytes // 1024} KB (field too large)")
            part.value += data[start:end]

    def on_part_end() -> None:
        part: Part = state["part"]
        if state["fh"] is not None:
            state["fh"].close()
            state["fh"] = None
        elif part is not None:
            form.fields.setdefault(part.name, []).append(part.text)
        state["part"] = None

    callbacks = {"on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
                 "on_header_field": on_header_field, "on_header_value": on_header_value,
                 "on_header_end": on_header_end, "on_headers_finished": on_headers_finished}  # fmt: skip
    parser = MultipartParser(params[b"boundary"], callbacks)
    refused: FormError | None = None
    drained = 0
    try:
        async for chunk in request.stream():
            if refused is not None:
                # keep reading (and dropping) the rest, so that a browser still sending sees our
                # answer instead of a reset connection; bounded by what the caps allow in total
                drained += len(chunk)
                if drained > max_file_bytes * max_files + max_field_bytes:
                    break
                continue
            try:
                parser.write(chunk)
            except FormError as exc:
                refused = exc
        if refused is not None:
            raise refused
        parser.finalize()
    except FormError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed body is the client's problem, said in one line
        raise FormError(f"表单数据无法解析 ({type(exc).__name__})") from None
    finally:
        if state["fh"] is not None:
            state["fh"].close()
    return form


async def _read_urlencoded(request, limit: int) -> Form:
    """A form without files (the decision buttons): at most ``limit`` bytes."""
    from urllib.parse import parse_qsl

    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"表单太长，超过 {limit // 1024} KB (form too large)")
    form = Form()
    for k, v in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        form.fields.setdefault(k, []).append(v)
    return form
