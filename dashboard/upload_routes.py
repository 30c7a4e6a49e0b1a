"""The upload's HTTP routes: plain Flask routes, not callbacks, because a report is megabytes and a
callback's request is held to serving.MAX_REQUEST_BYTES. Only these two take more (UPLOAD_REQUEST_BYTES).

    POST /upload/preview   files → JSON: for each, why it is refused, or what the extractor reads in it
    POST /upload/add       files and their source fields → JSON: the build's summary, or why nothing was added

The page's script (assets/upload.js) sends each file as a multipart part `file` with its position in
`index`; a file over the size limit is not sent at all, only named in `large` ({"index", "name",
"size"}), and refused with the limit. Both routes write nothing unless editing.may_write() says the
request may, and want the X-Upload header, which a form posted from another site cannot send.
"""
from __future__ import annotations

import json

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from etl import limits

from . import editing, uploads
from .warehouse import current

UPLOAD_REQUEST_BYTES = limits.MAX_FILE_BYTES + 1_000_000   # a report at the size limit, and the form around it
HEADER = "X-Upload"


def register(server: Flask) -> None:
    server.add_url_rule("/upload/preview", "upload_preview", lambda: handled(previewed), methods=["POST"])
    server.add_url_rule("/upload/add", "upload_add", lambda: handled(added), methods=["POST"])


def handled(work) -> Response:
    """work(the request's files) for a request that may upload and whose files can be read; else why not."""
    if refused := _refused():
        return refused
    try:
        parts = _parts()
    except (ValueError, KeyError, TypeError, RequestEntityTooLarge) as e:
        return _bad_request(e)
    return work(parts)


def answer(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, default=str), status=status, mimetype="application/json")


def _refused() -> Response | None:
    """The answer for a request that may not upload, or None."""
    if not editing.may_write():
        return answer({"error": editing.refusal()}, 403)
    if request.headers.get(HEADER) != "1":
        return answer({"error": f"上传须由上传页面发出 · an upload must come from the upload page ({HEADER} header)"}, 400)
    return None


def _parts():
    """(index, name, bytes or None, size) of each file of the request, in order; None: not sent (too large)."""
    request.max_content_length = UPLOAD_REQUEST_BYTES
    files, indices = request.files.getlist("file"), request.form.getlist("index")
    if len(files) + len(request.form.getlist("large")) > uploads.MAX_FILES:
        raise ValueError(f"最多{uploads.MAX_FILES}个文件 · at most {uploads.MAX_FILES} files in one upload")
    parts = []
    for raw in request.form.getlist("large"):
        large = json.loads(raw)
        parts.append((int(large["index"]), str(large["name"]), None, int(large["size"])))
    for index, part in zip(indices, files):
        data = part.read()
        parts.append((int(index), part.filename or "report", data, len(data)))
    return sorted(parts, key=lambda p: p[0])


def _bad_request(e: Exception) -> Response:
    if isinstance(e, RequestEntityTooLarge):
        return answer({"error": f"上传太大 · the upload is larger than {UPLOAD_REQUEST_BYTES / 1e6:,.0f} MB: send "
                                f"fewer files at a time"}, 413)
    return answer({"error": f"上传无法读取 · the upload could not be read: {e}"}, 400)


def previewed(parts: list) -> Response:
    results, left = [], uploads.MAX_PREVIEW_COUNTS
    for index, name, data, size in parts:
        checked = (uploads.Checked(name, uploads.refusal(name, size)) if data is None
                   else uploads.preview(name, data, left))
        left -= len(checked.preview.get("counts", []))
        results.append({"index": index, "name": name, "size": size, "reason": checked.reason, **checked.preview})
    return answer({"files": results})


def added(parts: list) -> Response:
    refusals = [f"{name}: {reason}" for _, name, data, size in parts
                if (reason := uploads.refusal(name, size) if data is None else uploads.unreadable(name, data))]
    if refusals or not parts:
        return answer({"error": "没有添加任何文件 · nothing was added: " + ("; ".join(refusals) or "no file")}, 400)
    fields = [{k: request.form.get(f"{k}_{index}", "").strip() for k in uploads.sources.COLUMNS[1:]}
              for index, *_ in parts]
    try:
        summary, saved = uploads.add([(name, data) for _, name, data, _ in parts], fields, current().path)
    except ValueError as e:
        return answer({"error": f"没有添加任何文件 · nothing was added: {e}"}, 400)
    except Exception as e:   # the build failed: the warehouse is as it was
        return answer({"error": f"添加失败，数据库未改变 · adding failed, the warehouse is as it was: "
                                f"{type(e).__name__}: {e}"}, 500)
    return answer({"summary": str(summary), "files": [p.name for p in saved],
                   "documents": [uploads.sha256_of(p) for p in saved],
                   "loaded": summary.files_loaded, "rejected": summary.rejected})
