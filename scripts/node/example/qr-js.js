'use strict';
// The baseline: npm `qrcode` rendering in-process, with the settings of the
// reference article's tier 0 (level L, 200 px wide, deflate level 9 and
// strategy 3). Same contract as the qr-cli package's qrPng; options are ignored.

const { isUtf8 } = require('node:buffer');
const QRCode = require('qrcode');

// qrcode writes defaults into the object it is given, so each call gets a
// fresh one.
function articleSettings() {
  return {
    type: 'png',
    errorCorrectionLevel: 'L',
    width: 200,
    rendererOpts: { deflateLevel: 9, deflateStrategy: 3 },
  };
}

// text: a string, or bytes (the server's). UTF-8 bytes go in as the string
// they spell (qrcode picks its segments and writes them as UTF-8, as it did
// for the article); other bytes as one byte-mode segment, byte for byte.
function qrPng(text) {
  let data = text;
  if (typeof text !== 'string')
    data = isUtf8(text) ? Buffer.from(text).toString('utf8') : [{ data: Uint8Array.from(text), mode: 'byte' }];
  return QRCode.toBuffer(data, articleSettings());
}

module.exports = { qrPng };
