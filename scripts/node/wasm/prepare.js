'use strict';
// Makes what qr-cli/wasm needs beside the files in git (npm pack's prepack
// runs it after `make wasm`; the tests run it too):
//   options.mjs  lib/errors.js and lib/options.js as one ES module, for
//                index.mjs where there is no require (browsers): the same
//                source, each file in a function of its own, so that every
//                path checks options with the same code and words
//   qrpng.wasm   a copy of the checkout's build/wasm/qrpng.wasm
//
//   node wasm/prepare.js [--options-only]

const fs = require('node:fs');
const path = require('node:path');

const LIB = path.join(__dirname, '..', 'lib');
const BUILT = path.resolve(__dirname, '..', '..', '..', 'build', 'wasm', 'qrpng.wasm');

// The ES module's text.
function optionsModule() {
  const wrap = (name, requireExpr) => {
    const source = fs.readFileSync(path.join(LIB, name), 'utf8');
    const id = name.replace('.js', '');
    return `const ${id} = { exports: {} };\n` +
      `(function (module, exports, require) {\n${source}})(${id}, ${id}.exports, ${requireExpr});\n`;
  };
  const exported = (name) => Object.keys(require(path.join(LIB, name))).sort();
  return [
    '// Made by prepare.js from lib/errors.js and lib/options.js; do not edit.',
    '// Buffer.from as those files use it (texts), where there is no Buffer.',
    'const Buffer = { from: (value, offset, length) => (typeof value === \'string\'',
    '  ? new TextEncoder().encode(value) : new Uint8Array(value, offset, length)) };',
    wrap('errors.js', 'undefined'),
    wrap('options.js', '(name) => { if (name === \'./errors.js\') return errors.exports; '
      + 'throw new Error(`options.js requires ${name}`); }'),
    `export const { ${exported('errors.js').join(', ')} } = errors.exports;`,
    `export const { ${exported('options.js').join(', ')} } = options.exports;`,
    '',
  ].join('\n');
}

function prepare({ wasm = true } = {}) {
  fs.writeFileSync(path.join(__dirname, 'options.mjs'), optionsModule());
  if (!wasm)
    return;
  if (!fs.existsSync(BUILT))
    throw new Error(`${BUILT} is missing: run \`make wasm\` in the checkout first`);
  fs.copyFileSync(BUILT, path.join(__dirname, 'qrpng.wasm'));
}

if (require.main === module) {
  try {
    prepare({ wasm: !process.argv.includes('--options-only') });
  } catch (e) {
    console.error(`prepare.js: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { prepare, optionsModule, BUILT };
