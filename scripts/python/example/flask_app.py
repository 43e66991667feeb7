"""The article's endpoint as a Flask app, run by gunicorn's gevent workers
(one process per core, a greenlet per connection; gevent makes the blocking
calls below wait cooperatively, see gunicorn.conf.py):

    gunicorn -c scripts/python/example/gunicorn.conf.py flask_app:app

GET /qrcode?text=... answers a 200 x 200 PNG at level L, or 400 with a
text/plain message (README.md beside this file; QR_IMPL in qr_endpoint.py).
"""

from flask import Flask, Response, request

import qr_endpoint as endpoint


def create_app(impl=None):
    impl = impl or endpoint.impl_from_env()
    endpoint.start_up_check(impl)
    render = endpoint.sync_renderer(impl)
    app = Flask(__name__)

    @app.get("/qrcode")
    def qrcode():
        text, problem = endpoint.text_from_query(request.query_string)
        if problem:
            status, body, headers = endpoint.plain_answer(400, problem)
        else:
            try:
                status, body, headers = endpoint.png_answer(render(text))
            except Exception as e:  # any failure of the QR path: 500
                status, body, headers = endpoint.failure_answer(e)
        return Response(body, status, headers)

    return app


app = create_app()
