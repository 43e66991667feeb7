// The example page's script: qr-cli/wasm from a relative path (in a project
// that installed the package: './node_modules/qr-cli/wasm/index.mjs', or
// 'qr-cli/wasm' through a bundler or an import map). The text box's code is
// drawn again on every keystroke, synchronously; a text in the URL's hash
// (#text=...) is the first one. When a code is shown, <html> gets the
// attribute data-rendered (the browser tests wait for it).
import { load } from '../../wasm/index.mjs';

const text = document.getElementById('text');
const image = document.getElementById('code');
const error = document.getElementById('error');
let url = null;

const fromHash = new URLSearchParams(location.hash.slice(1)).get('text');
if (fromHash !== null)
  text.value = fromHash;

const qr = await load(); // qrpng.wasm, fetched from next to index.mjs

function draw() {
  const type = document.querySelector('input[name=type]:checked').value;
  let file;
  try {
    file = qr.render(text.value, { type, size: 300, level: 'M' });
  } catch (e) {
    error.textContent = `${e.code}: ${e.message}`; // a QrCliError: empty, too long...
    return;
  }
  error.textContent = '';
  if (url)
    URL.revokeObjectURL(url);
  url = URL.createObjectURL(new Blob([file], { type: type === 'svg' ? 'image/svg+xml' : 'image/png' }));
  image.onload = () => document.documentElement.setAttribute('data-rendered', text.value);
  image.src = url;
}

text.addEventListener('input', draw);
for (const radio of document.querySelectorAll('input[name=type]'))
  radio.addEventListener('change', draw);
draw();
