import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../config';
import { Route } from '../route';

/** The GraphiQL playground, bundled into dist/playground by `npm run build` (playground/build.mjs). */
const dir = join(projectRoot, 'dist', 'playground');
const files: Record<string, string> = {
  '/': 'index.html',
  '/playground/main.js': 'main.js',
  '/playground/main.css': 'main.css',
};
const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The page may talk to this server only: a playground that reached out to a CDN would fail air-gapped. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export const playgroundRoute: Route = async (req, res, url) => {
  const file = files[url.pathname];
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  let body: Buffer;
  try {
    body = await readFile(join(dir, file));
  } catch {
    res
      .writeHead(503, { 'content-type': 'text/plain' })
      .end('The playground is not built: run `npm run build`. GraphQL itself is at /graphql.\n');
    return true;
  }
  res
    .writeHead(200, {
      'content-type': types[file.split('.').pop()!],
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=3600',
    })
    .end(req.method === 'HEAD' ? undefined : body);
  return true;
};
