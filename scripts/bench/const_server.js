'use strict';
// The example endpoint (scripts/node/example/app.js) in one process with a
// QR function that returns a PNG made once at start: what the HTTP side of
// a request costs without any rendering (scripts/bench-instructions.sh).
//   node const_server.js QR_CLI    prints its URL, serves until SIGTERM
const { spawnSync } = require('node:child_process');
const { createApp } = require('../node/example/app.js');

const png = spawnSync(process.argv[2], ['https://example.com/']).stdout;
const server = createApp(async () => png).listen(0, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
