'use strict';
// A node --test reporter printing one flat TAP line per test, so that prove
// counts tests rather than top-level suites (node's own tap reporter nests
// them as subtests, which prove does not count). Names are "suite > test".
//
//   node --test --test-reporter=./test/flat-tap-reporter.js test/*.test.js

const util = require('node:util');

function describeError(error) {
  const cause = error && error.cause !== undefined ? error.cause : error;
  const text = cause instanceof Error ? (cause.stack || cause.message) : util.inspect(cause);
  return text.split('\n').map((line) => `#   ${line}\n`).join('');
}

module.exports = async function* flatTap(source) {
  yield 'TAP version 13\n';
  const namesByFile = new Map(); // file -> names of the open suites by depth
  let count = 0;

  for await (const { type, data } of source) {
    if (type === 'test:start') {
      const names = namesByFile.get(data.file) || [];
      names.length = data.nesting;
      names.push(data.name);
      namesByFile.set(data.file, names);
    } else if (type === 'test:pass' || type === 'test:fail') {
      const isSuite = data.details && data.details.type === 'suite';
      const error = data.details && data.details.error;
      // A suite's own line adds nothing unless it failed by itself (a hook).
      if (isSuite && (type === 'test:pass' || (error && error.failureType === 'subtestsFailed')))
        continue;
      const names = (namesByFile.get(data.file) || []).slice(0, data.nesting);
      const name = [...names, data.name].join(' > ');
      count += 1;
      let directive = '';
      if (data.skip !== undefined && data.skip !== false)
        directive = ' # SKIP';
      else if (data.todo !== undefined && data.todo !== false)
        directive = ' # TODO';
      yield `${type === 'test:pass' ? 'ok' : 'not ok'} ${count} - ${name}${directive}\n`;
      if (type === 'test:fail')
        yield describeError(error);
    } else if (type === 'test:diagnostic') {
      yield `# ${data.message}\n`;
    } else if (type === 'test:stderr' || type === 'test:stdout') {
      yield data.message.split('\n').filter(Boolean).map((l) => `# ${l}\n`).join('');
    }
  }
  yield `1..${count}\n`;
};
