'use strict';
// The one error class of the package: every failure of qrPng, a pool or
// spawnQrPng is a QrCliError with a stable string `code` (README.md, "Errors").

class QrCliError extends Error {
  // status: qr-cli's exit status or the worker's protocol status, else null.
  // stderr: qr-cli's one stderr line where there is one, else ''.
  // signal: the signal a spawned child died of, else null.
  constructor(code, message, { status = null, stderr = '', signal = null } = {}) {
    super(message);
    this.name = 'QrCliError';
    this.code = code;
    this.status = status;
    this.stderr = stderr;
    this.signal = signal;
  }
}

// qr-cli's exit statuses (and worker protocol statuses) and their codes.
const STATUS_CODES = {
  1: 'QR_USAGE',
  2: 'QR_ENCODE',
  3: 'QR_IO',
  4: 'QR_INTERNAL',
};

function invalid(message) {
  return new QrCliError('QR_INVALID_ARGUMENT', message);
}

module.exports = { QrCliError, STATUS_CODES, invalid };
