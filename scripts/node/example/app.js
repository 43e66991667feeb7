'use strict';
// The reference article's endpoint, GET and HEAD /qrcode?text=..., over any
// qrPng(bytes). Every answer but the PNG is text/plain. The contract every
// example server keeps (docs/servers.md):
//   the text is the bytes the client sent: the raw query is parsed here as
//   application/x-www-form-urlencoded, '+' a space and each %XX the byte XX
//   (%ff is the byte 0xFF; a malformed escape such as `100%` stays as
//   written); exactly one `text` parameter (a repeated one is no text)
//   no or empty text          400 missing "text" query param
//   over 512 bytes            400 text must be <= 512 bytes
//   a NUL (%00) in the text   400 text must not contain NUL
//   any failure of qrPng      500 failed generating QR code (logged on stderr)
//   another path              404 not found
//   another method            405 method not allowed, Allow: GET, HEAD
//   request line over 8190 bytes            414 request line too long
//   over 100 header lines or 16 KiB of them 431 request headers too large
// HEAD answers GET's headers, Content-Length included, without the body.

const express = require('express');
const querystring = require('node:querystring');

const MAX_TEXT_BYTES = 512;
const CACHE_CONTROL = 'public, max-age=31536000, immutable';
// The examples' common request limits; server.js sets Node's own bound
// (maxHeaderSize) just above their sum.
const MAX_REQUEST_LINE = 8190;
const MAX_HEADER_BYTES = 16384;
const MAX_HEADERS = 100;
const TEXT_NAME = Buffer.from('text');

function plain(res, status, message) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (status === 405)
    res.setHeader('Allow', 'GET, HEAD');
  if (status >= 500)
    res.setHeader('Cache-Control', 'no-store');
  return res.status(status).type('text/plain').send(message);
}

// Form decoding to bytes: Node's req.url holds the request target's bytes as
// latin-1 code points, and querystring.unescapeBuffer makes each %XX the
// byte XX (any other character stays its own byte).
function formBytes(s) {
  return querystring.unescapeBuffer(s.replace(/\+/g, ' '));
}

// { text: Buffer } or { problem: the 400 message } for a request target.
function textFromTarget(target) {
  const at = target.indexOf('?');
  const query = at < 0 ? '' : target.slice(at + 1);
  const texts = [];
  for (const part of query.split('&')) {
    if (part === '')
      continue;
    const eq = part.indexOf('=');
    if (!formBytes(eq < 0 ? part : part.slice(0, eq)).equals(TEXT_NAME))
      continue;
    texts.push(eq < 0 ? Buffer.alloc(0) : formBytes(part.slice(eq + 1)));
  }
  if (texts.length !== 1 || texts[0].length === 0)
    return { problem: 'missing "text" query param' };
  const [text] = texts;
  if (text.length > MAX_TEXT_BYTES)
    return { problem: `text must be <= ${MAX_TEXT_BYTES} bytes` };
  // qr-cli's argv cannot carry a NUL: refused in every mode alike.
  if (text.includes(0))
    return { problem: 'text must not contain NUL' };
  return { text };
}

// [status, message] when the request is over the common limits, else null
// (Node keeps at most maxHeadersCount, 2000, of the header lines: enough to
// see more than 100).
// The request line as sent: METHOD SP TARGET SP HTTP/1.1; each header line
// NAME: VALUE CRLF.
function tooLong(req) {
  const line = req.method.length + 1 + Buffer.byteLength(req.originalUrl, 'latin1') + 1 + 8;
  if (line > MAX_REQUEST_LINE)
    return [414, 'request line too long'];
  let headers = 0;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers += Buffer.byteLength(req.rawHeaders[i], 'latin1') + 2
      + Buffer.byteLength(req.rawHeaders[i + 1], 'latin1') + 2;
  if (headers > MAX_HEADER_BYTES || req.rawHeaders.length / 2 > MAX_HEADERS)
    return [431, 'request headers too large'];
  return null;
}

function createApp(qrPng) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', false); // the query is parsed to bytes below
  // '/qrcode' exactly, as in the Python servers (not /QRCODE, not /qrcode/).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use((req, res, next) => {
    const refusal = tooLong(req);
    return refusal ? plain(res, ...refusal) : next();
  });

  // Express answers HEAD with this GET route, sending the headers (the
  // PNG's Content-Length included) and no body.
  app.get('/qrcode', async (req, res) => {
    const { text, problem } = textFromTarget(req.originalUrl);
    if (problem)
      return plain(res, 400, problem);

    let png;
    try {
      png = await qrPng(text);
    } catch (err) {
      console.error(`example-server: ${err && err.code ? `${err.code}: ` : ''}${err && err.message}`);
      return plain(res, 500, 'failed generating QR code');
    }
    res.setHeader('Content-Type', 'image/png');
    // The PNG is a function of the URL alone: browsers and CDNs may keep it
    // (the same policy as the Python examples).
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return res.send(png);
  });
  app.all('/qrcode', (req, res) => plain(res, 405, 'method not allowed'));
  app.use((req, res) => plain(res, 404, 'not found'));
  // Express's own error page is HTML: any error that reaches here is ours.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    const status = Number.isInteger(err && err.status) && err.status >= 400 && err.status < 600
      ? err.status : 500;
    if (status >= 500)
      console.error(`example-server: ${err && err.stack ? err.stack.split('\n')[0] : err}`);
    return plain(res, status, status >= 500 ? 'internal server error' : 'bad request');
  });

  return app;
}

module.exports = { createApp, textFromTarget, MAX_TEXT_BYTES, CACHE_CONTROL, MAX_REQUEST_LINE, MAX_HEADER_BYTES };
