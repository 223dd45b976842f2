import { join } from 'node:path';
import { projectRoot } from '../../config';
import { staticFiles } from './static';

/**
 * The coverage matrix page, bundled into dist/matrix by `npm run build` (matrix/build.mjs). Public
 * like the playground: the page holds no data; it asks /graphql, behind the API key, for it.
 */
export const matrixRoute = staticFiles(
  join(projectRoot, 'dist', 'matrix'),
  { '/matrix': 'index.html', '/matrix/': 'index.html', '/matrix/main.js': 'main.js' },
  'The matrix page is not built: run `npm run build`. GraphQL itself is at /graphql.\n',
);
