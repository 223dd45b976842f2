import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Route } from '../route';

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** A page may talk to this server only: one that reached out to a CDN would fail air-gapped. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/**
 * Files bundled at build time into `dir` (the playground, the matrix), by URL path; a missing build
 * answers 503 with `notBuilt`. HTML is revalidated on every load, bundles cached for an hour.
 */
export const staticFiles =
  (dir: string, files: Record<string, string>, notBuilt: string): Route =>
  async (req, res, url) => {
    const file = files[url.pathname];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    let body: Buffer;
    try {
      body = await readFile(join(dir, file));
    } catch {
      res.writeHead(503, { 'content-type': 'text/plain' }).end(notBuilt);
      return true;
    }
    res
      .writeHead(200, {
        'content-type': types[file.split('.').pop()!],
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600',
      })
      .end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
