// qr-cli/wasm for browsers, bundlers and other hosts (Node takes node.mjs):
// load() with no source fetches qrpng.wasm from next to this file
// (import.meta.url); a string is a URL relative to the page.
//
//   import { load } from './node_modules/qr-cli/wasm/index.mjs';
//   const qr = await load();
//   const svg = qr.render('https://example.com/', { type: 'svg' });

import * as lib from './options.mjs';
import { makeLoad } from './loader.mjs';

const base = () => (typeof document !== 'undefined' && document.baseURI)
  || (typeof location !== 'undefined' && location.href) || import.meta.url;

const host = {
  compileDefault: ({ fetchUrl }) => fetchUrl(new URL('./qrpng.wasm', import.meta.url)),
  compileUrl: (source, { fetchUrl }) => fetchUrl(new URL(source, base())),
};

export const { load } = makeLoad(lib, host);
export const { QrCliError } = lib;
