"""What a stand-in handler answers: status, headers and a JSON body, before it meets HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class Reply:
    """One HTTP answer; `body` None means no body (a redirect)."""

    status: int
    body: dict | None = None
    headers: dict[str, str] = field(default_factory=dict)


def api_error(status: int, detail: str, headers: dict[str, str] | None = None) -> Reply:
    """An error in the Oura API's shape: {"status", "title", "detail"}."""
    body = {"status": status, "title": STATUS_TITLES.get(status, "Error"), "detail": detail}
    return Reply(status, body, headers or {})


def validation_error(parameter: str, message: str) -> Reply:
    """A 422 in the spec's HTTPValidationError shape, naming the query parameter."""
    return Reply(422, {"detail": [{"loc": ["query", parameter], "msg": message, "type": "value_error"}]})
