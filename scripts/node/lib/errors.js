'use strict';
// The one error class of the package: every failure of qrPng, a pool or
// spawnQrPng is a QrCliError with a stable string `code` (README.md, "Errors").

class QrCliError extends Error {
  // status: qr-cli's exit status or the worker's protocol status, else null.
  // stderr: qr-cli's one stderr line where there is one, else ''.
  // signal: the signal a spawned child died of, else null.
  // cause: what made this error (an exception thrown by the caller's own
  // code, such as an option getter), when there is one.
  constructor(code, message, details = {}) {
    const { status = null, stderr = '', signal = null } = details;
    super(message, Object.hasOwn(details, 'cause') ? { cause: details.cause } : undefined);
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

// A few words for an exception the caller's code threw (its message when
// it is an Error), without running any more of that code: a thrown Proxy
// or an object with a getter for `message` is not asked anything.
function describeThrown(thrown) {
  if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function'))
    return `it threw ${typeof thrown === 'string' ? JSON.stringify(thrown) : String(thrown)}`;
  try {
    if (!(thrown instanceof Error))
      return 'it threw an object';
    const message = Object.getOwnPropertyDescriptor(thrown, 'message');
    if (message && typeof message.value === 'string')
      return message.value;
  } catch {
    // a Proxy's trap threw in turn
  }
  return 'it threw';
}

// The caller's own code (an option getter, a Proxy trap) threw, or a
// buffer could not be read, while `what` was read: QR_INVALID_ARGUMENT,
// with what was thrown as `cause`.
function unreadable(what, thrown) {
  return new QrCliError('QR_INVALID_ARGUMENT', `${what} could not be read: ${describeThrown(thrown)}`,
    { cause: thrown });
}

module.exports = { QrCliError, STATUS_CODES, invalid, describeThrown, unreadable };
