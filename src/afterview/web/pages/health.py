"""A bare answer from the same stack: for load balancers, monitors and the speed benchmark."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse


async def healthz(request: Request) -> PlainTextResponse:
    """Answers "ok" without touching the database."""
    return PlainTextResponse("ok")


def openapi_document(request: Request) -> JSONResponse:
    """The OpenAPI document of the JSON twins; behind the sign-in when a password is set."""
    return JSONResponse(request.app.openapi())
