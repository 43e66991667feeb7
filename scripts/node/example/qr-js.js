'use strict';
// The baseline: npm `qrcode` rendering in-process, with the settings of the
// reference article's tier 0 (level L, 200 px wide, deflate level 9 and
// strategy 3). Same contract as the qr-cli package's qrPng; options are ignored.

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

function qrPng(text) {
  return QRCode.toBuffer(text, articleSettings());
}

module.exports = { qrPng };
