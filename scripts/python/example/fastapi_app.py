"""The article's endpoint as a FastAPI app under uvicorn. One process:

    uvicorn --app-dir scripts/python/example fastapi_app:app --port 42069

one per core: gunicorn -c scripts/python/example/gunicorn.conf.py \\
                  -k uvicorn.workers.UvicornWorker fastapi_app:app

The handler never blocks the event loop: qr-cli is awaited (a worker pool
per event loop, or a child per request), and the pure-Python libraries run
in Starlette's thread pool. GET /qrcode?text=... answers a 200 x 200 PNG at
level L, or 400 with a text/plain message (README.md beside this file).
"""

from fastapi import FastAPI, Request
from fastapi.responses import Response

import qr_endpoint as endpoint


def create_app(impl=None):
    impl = impl or endpoint.impl_from_env()
    endpoint.start_up_check(impl)
    render = endpoint.async_renderer(impl)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/qrcode")
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
