"""JSON replies of the Oura stand-in: documents, Oura-shaped errors, the spec's validation errors."""

from __future__ import annotations

import json

from lifemetrics.standins.server import Reply

STATUS_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def json_reply(status: int, body: object, headers: dict[str, str] | None = None) -> Reply:
    """`body` serialised as JSON (at once, so later revisions cannot change an answer in flight)."""
    return Reply(
        status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )


def api_error(status: int, detail: str, headers: dict[str, str] | None = None) -> Reply:
    """An error in the Oura API's shape: {"status", "title", "detail"}."""
    body = {"status": status, "title": STATUS_TITLES.get(status, "Error"), "detail": detail}
    return json_reply(status, body, headers)


def validation_error(parameter: str, message: str) -> Reply:
    """A 422 in the spec's HTTPValidationError shape, naming the query parameter."""
    return json_reply(
        422, {"detail": [{"loc": ["query", parameter], "msg": message, "type": "value_error"}]}
    )
