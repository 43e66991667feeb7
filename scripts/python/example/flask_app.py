"""The article's endpoint as a Flask app, run by gunicorn's gevent workers
(one process per core, a greenlet per connection; gevent makes the blocking
calls below wait cooperatively, see gunicorn.conf.py):

    gunicorn -c scripts/python/example/gunicorn.conf.py flask_app:app

GET and HEAD /qrcode?text=... answer a 200 x 200 PNG at level L; every
other answer is text/plain (the contract of docs/servers.md; README.md
beside this file; QR_IMPL in qr_endpoint.py).
"""

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

import qr_endpoint as endpoint


def create_app(impl=None):
    impl = impl or endpoint.impl_from_env()
    endpoint.start_up_check(impl)
    render = endpoint.sync_renderer(impl)
    app = Flask(__name__)

    def answer(status, body, headers):
        return Response(body, status, headers)

    @app.before_request
    def refuse_what_is_not_the_endpoint():
        # gunicorn refuses longer request lines and header lines itself
        # (limit_request_line, limit_request_field_size in gunicorn.conf.py);
        # the whole header section is counted here. RAW_URI is gunicorn's
        # request target as sent.
        environ = request.environ
        target = environ.get("RAW_URI") or request.full_path
        too_long = endpoint.request_too_long(
            request.method, len(target.encode("latin-1", "replace")),
            [(len(name), len(value.encode("latin-1", "replace")))
             for name, value in request.headers.items()])
        if too_long:
            return answer(*endpoint.plain_answer(*too_long))
        refusal = endpoint.route_refusal(request.method, request.path)
        return answer(*refusal) if refusal else None

    # HEAD renders too: its Content-Length is the PNG's (werkzeug sends no
    # body for HEAD). No automatic OPTIONS: anything else is a 405.
    @app.route("/qrcode", methods=["GET", "HEAD"], provide_automatic_options=False)
    def qrcode():
        text, problem = endpoint.text_from_query(request.query_string)
        if problem:
            return answer(*endpoint.plain_answer(400, problem))
        try:
            return answer(*endpoint.png_answer(render(text)))
        except Exception as e:  # any failure of the QR path: 500
            return answer(*endpoint.failure_answer(e))

    @app.errorhandler(HTTPException)
    def plain_http_error(error):
        # Whatever werkzeug refuses on its own (a malformed request, say):
        # the same text/plain as every other answer.
        status = error.code or 500
        if status == 404:
            return answer(*endpoint.plain_answer(404, endpoint.NOT_FOUND))
        if status == 405:
            return answer(*endpoint.plain_answer(405, endpoint.METHOD_NOT_ALLOWED))
        return answer(*endpoint.plain_answer(status, (error.name or "error").lower()))

    return app


app = create_app()
