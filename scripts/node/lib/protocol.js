'use strict';
// qr-cli's worker protocol, version 1 (README.md of the repository, "Worker
// mode"): request frames out, response frames in. All integers little-endian.

const REQUEST_HEADER = 20;
const RESPONSE_HEADER = 8;
const VERSION = 1;
const FLAG = { level: 1, size: 2, scale: 4, margin: 8, fg: 16, bg: 32, transparent: 64 };
const LEVELS = { L: 0, M: 1, Q: 2, H: 3 };
// No PNG qr-cli writes comes near this; a larger length is a broken stream.
const MAX_RESPONSE = 64 * 1024 * 1024;

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// One request frame for checked text bytes and checked render options.
function encodeRequest(bytes, render) {
  const frame = Buffer.alloc(REQUEST_HEADER + bytes.length);
  frame.write('QW', 0, 'latin1');
  frame[2] = VERSION;
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
  frame.set(bytes, REQUEST_HEADER);
  return frame;
}

// The response frames that are whole at the start of buf:
// { frames: [{ status, payload }], used, need, bad }. need: bytes buf must
// hold before the next frame is whole; bad: a message if the stream is broken.
function decodeResponses(buf) {
  const frames = [];
  let pos = 0;
  while (buf.length - pos >= RESPONSE_HEADER) {
    if (buf[pos] !== 0x51 || buf[pos + 1] !== 0x52 || buf[pos + 2] !== VERSION)
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
