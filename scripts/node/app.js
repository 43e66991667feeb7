'use strict';
// The reference article's endpoint, GET /qrcode?text=..., over any qrPng.

const express = require('express');

const MAX_TEXT_BYTES = 512;

function createApp(qrPng) {
  const app = express();
  app.disable('x-powered-by');

  app.get('/qrcode', async (req, res) => {
    const { text } = req.query;
    // A repeated or nested parameter parses to an array or object: no text.
    if (typeof text !== 'string' || text.length === 0)
      return res.status(400).send('missing "text" query param');
    // The article's message speaks of bytes, so count UTF-8 bytes.
    if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES)
      return res.status(400).send(`text must be <= ${MAX_TEXT_BYTES} bytes`);

    let png;
    try {
      png = await qrPng(text);
    } catch (err) {
      console.error(`qr-server: ${err.message}`);
      return res.status(500).send('failed generating QR code');
    }
    res.setHeader('Content-Type', 'image/png');
    return res.send(png);
  });

  return app;
}

module.exports = { createApp, MAX_TEXT_BYTES };
