// Serves the SDK folder (the example page and dist/) over HTTP: `node examples/browser/serve.mjs`
// then open http://127.0.0.1:5173/examples/browser/?server=http://127.0.0.1:8080
// (the KalamDB server must allow that origin: KALAMDB_CORS_ALLOWED_ORIGINS=http://127.0.0.1:5173).
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
};

export function startStaticServer(root = fileURLToPath(new URL('../..', import.meta.url)), port = 0) {
  const server = http.createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    let ok = file.startsWith(root);
    try {
      ok = ok && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startStaticServer(undefined, Number(process.env.PORT ?? 5173));
  console.log(`serving http://127.0.0.1:${server.address().port}/examples/browser/`);
}
