'use strict';
// The reference article's endpoint, GET /qrcode?text=..., over any qrPng.
// Every answer but the PNG is text/plain. The rules, the same as the Python
// example server's: the query is parsed as application/x-www-form-urlencoded
// (a repeated or missing text is no text; bytes that are not UTF-8 become
// U+FFFD), then
//   no or empty text          400 missing "text" query param
//   over 512 UTF-8 bytes      400 text must be <= 512 bytes
//   a NUL (%00) in the text   400 text must not contain NUL
//   any failure of qrPng      500 failed generating QR code (logged on stderr)

const express = require('express');

const MAX_TEXT_BYTES = 512;
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

function plain(res, status, message) {
  return res.status(status).type('text/plain').send(message);
}

function createApp(qrPng) {
  const app = express();
  app.disable('x-powered-by');
  // Node's querystring: no nested objects, and bad UTF-8 decodes to U+FFFD
  // as in Python's urllib.parse (express's default, qs, keeps '%FF' as is).
  app.set('query parser', 'simple');

  app.get('/qrcode', async (req, res) => {
    const { text } = req.query;
    // A repeated parameter parses to an array: no text.
    if (typeof text !== 'string' || text.length === 0)
      return plain(res, 400, 'missing "text" query param');
    // The article's message speaks of bytes, so count UTF-8 bytes.
    if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES)
      return plain(res, 400, `text must be <= ${MAX_TEXT_BYTES} bytes`);
    // qr-cli's argv cannot carry a NUL: refused in every mode alike.
    if (text.includes('\0'))
      return plain(res, 400, 'text must not contain NUL');

    let png;
    try {
      png = await qrPng(text);
    } catch (err) {
      console.error(`qr-server: ${err && err.code ? `${err.code}: ` : ''}${err && err.message}`);
      res.setHeader('Cache-Control', 'no-store');
      return plain(res, 500, 'failed generating QR code');
    }
    res.setHeader('Content-Type', 'image/png');
    // The PNG is a function of the URL alone: browsers and CDNs may keep it
    // (the same policy as the Python examples).
    res.setHeader('Cache-Control', CACHE_CONTROL);
    return res.send(png);
  });

  return app;
}

module.exports = { createApp, MAX_TEXT_BYTES, CACHE_CONTROL };
