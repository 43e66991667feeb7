'use strict';
// qr-cli's worker protocol (docs/worker-protocol.md of the repository;
// cli/worker/worker_protocol.h): request frames out, response frames in. A
// request is version 1 unless it needs a version 2 field (a type other than
// png, symversion, micro, boostLevel or eightBit set true, dpi), so such
// a request stays readable by a qr-cli that knows only version 1, and any
// request by one that knows version 2. Every option of the table fits
// version 2 today; version 3 (options by name) is not used, so that older
// qr-cli builds keep working (README.md, "Worker protocol"). The worker
// answers in the request's version. All integers little-endian.

const { TYPES } = require('./options.js');

const REQUEST_HEADER = 20;
const REQUEST_HEADER_V2 = 28;
const RESPONSE_HEADER = 8;
const FLAG2 = { type: 1, symversion: 2, symbol: 4, dpi: 8 };
const SYMBOL = { micro: 1, boostLevel: 2, eightBit: 4 };
const FLAG = { level: 1, size: 2, scale: 4, margin: 8, fg: 16, bg: 32, transparent: 64 };
const LEVELS = { L: 0, M: 1, Q: 2, H: 3 };
// No PNG qr-cli writes comes near this; a larger length is a broken stream.
const MAX_RESPONSE = 64 * 1024 * 1024;

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// One request frame for checked text bytes and checked render options.
// A flag set false is off, the worker's default (pools start workers with
// no options): it is not sent.
function encodeRequest(bytes, render) {
  let flags2 = 0;
  let symbol = 0;
  if (render.type !== undefined && render.type !== 'png')
    flags2 |= FLAG2.type;
  if (render.symversion !== undefined)
    flags2 |= FLAG2.symversion;
  for (const name of Object.keys(SYMBOL)) {
    if (render[name] === true)
      symbol |= SYMBOL[name];
  }
  if (symbol !== 0)
    flags2 |= FLAG2.symbol; // the three bits apply together
  if (render.dpi !== undefined)
    flags2 |= FLAG2.dpi;
  const v2 = flags2 !== 0;
  const header = v2 ? REQUEST_HEADER_V2 : REQUEST_HEADER;
  const frame = Buffer.alloc(header + bytes.length);
  frame.write('QW', 0, 'latin1');
  frame[2] = v2 ? 2 : 1;
  if (v2) {
    frame[20] = flags2;
    if (flags2 & FLAG2.type)
      frame[21] = TYPES.indexOf(render.type);
    if (flags2 & FLAG2.symversion)
      frame[22] = render.symversion;
    frame[23] = symbol;
    if (flags2 & FLAG2.dpi)
      frame.writeUInt16LE(render.dpi, 24);
  }
  let flags = 0;
  if (render.level !== undefined) {
    flags |= FLAG.level;
    frame[4] = LEVELS[render.level];
  }
  if (render.margin !== undefined) {
    flags |= FLAG.margin;
    frame[5] = render.margin;
  }
  if (render.size !== undefined) {
    flags |= FLAG.size;
    frame.writeUInt16LE(render.size, 6);
  }
  if (render.scale !== undefined) {
    flags |= FLAG.scale;
    frame.writeUInt16LE(render.scale, 8);
  }
  if (render.fg !== undefined) {
    flags |= FLAG.fg;
    frame.set(rgb(render.fg), 10);
  }
  if (render.bg === 'transparent') {
    flags |= FLAG.transparent;
  } else if (render.bg !== undefined) {
    flags |= FLAG.bg;
    frame.set(rgb(render.bg), 13);
  }
  frame[3] = flags;
  frame.writeUInt32LE(bytes.length, 16);
  frame.set(bytes, header);
  return frame;
}

// The response frames that are whole at the start of buf:
// { frames: [{ status, payload }], used, need, bad }. need: bytes buf must
// hold before the next frame is whole; bad: a message if the stream is broken.
function decodeResponses(buf) {
  const frames = [];
  let pos = 0;
  while (buf.length - pos >= RESPONSE_HEADER) {
    if (buf[pos] !== 0x51 || buf[pos + 1] !== 0x52 || (buf[pos + 2] !== 1 && buf[pos + 2] !== 2))
      return { frames, used: pos, need: 0, bad: 'a response frame with a bad magic or version' };
    const len = buf.readUInt32LE(pos + 4);
    if (len > MAX_RESPONSE)
      return { frames, used: pos, need: 0, bad: `a response frame of ${len} bytes` };
    const end = pos + RESPONSE_HEADER + len;
    if (buf.length < end)
      return { frames, used: pos, need: end - pos, bad: null };
    frames.push({ status: buf[pos + 3], payload: Buffer.from(buf.subarray(pos + RESPONSE_HEADER, end)) });
    pos = end;
  }
  return { frames, used: pos, need: RESPONSE_HEADER, bad: null };
}

module.exports = { encodeRequest, decodeResponses, RESPONSE_HEADER };
