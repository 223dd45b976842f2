import { join } from 'node:path';
import { projectRoot } from '../../config';
import { staticFiles } from './static';

/** The GraphiQL playground, bundled into dist/playground by `npm run build` (playground/build.mjs). */
export const playgroundRoute = staticFiles(
  join(projectRoot, 'dist', 'playground'),
  { '/': 'index.html', '/playground/main.js': 'main.js', '/playground/main.css': 'main.css' },
  'The playground is not built: run `npm run build`. GraphQL itself is at /graphql.\n',
);
