"""The article's endpoint as a FastAPI app under uvicorn. One process:

    uvicorn --app-dir scripts/python/example fastapi_app:app --port 42069

one per core: gunicorn -c scripts/python/example/gunicorn.conf.py \\
                  -k uvicorn.workers.UvicornWorker fastapi_app:app

The handler never blocks the event loop: qr-cli is awaited (a worker pool
per event loop, or a child per request), and the pure-Python libraries run
in Starlette's thread pool. GET and HEAD /qrcode?text=... answer a
200 x 200 PNG at level L; every other answer is text/plain (the contract
of docs/servers.md; README.md beside this file).
"""

from fastapi import FastAPI, Request
from fastapi.responses import Response

import qr_endpoint as endpoint


class PlainRefusals:
    """Plain ASGI in front of FastAPI: what is not GET/HEAD /qrcode, or is
    over the request limits, gets its text/plain answer here, before any
    routing (FastAPI's own 404 and 405 are JSON)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = len(scope["raw_path"]) + (len(scope["query_string"]) + 1 if scope["query_string"] else 0)
        refusal = endpoint.request_too_long(
            scope["method"], target, [(len(name), len(value)) for name, value in scope["headers"]])
        if refusal:
            refusal = endpoint.plain_answer(*refusal)
        else:
            refusal = endpoint.route_refusal(scope["method"], scope["path"])
        if refusal is None:
            return await self.app(scope, receive, send)
        status, body, headers = refusal
        await send({"type": "http.response.start", "status": status,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]})
        await send({"type": "http.response.body", "body": body})


def create_app(impl=None):
    impl = impl or endpoint.impl_from_env()
    endpoint.start_up_check(impl)
    render = endpoint.async_renderer(impl)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(PlainRefusals)

    # HEAD renders too: its Content-Length is the PNG's (uvicorn sends no
    # body for HEAD).
    @app.api_route("/qrcode", methods=["GET", "HEAD"])
    async def qrcode(request: Request):
        text, problem = endpoint.text_from_query(request.scope["query_string"])
        if problem:
            answer = endpoint.plain_answer(400, problem)
        else:
            try:
                answer = endpoint.png_answer(await render(text))
            except Exception as e:  # any failure of the QR path: 500
                answer = endpoint.failure_answer(e)
        status, body, headers = answer
        return Response(body, status, headers)

    return app


app = create_app()
