// Bundles /matrix (matrix/main.ts) and the report's inline script (matrix/report.ts) into
// dist/matrix at build time: the server serves the page itself and `attack-kg report` inlines
// the script, so neither needs the internet.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'matrix');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts'), join(here, 'report.ts')],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
