/**
 * Benchmarks measure an empty database of their own: unless NEO4J_URI names a server, they start
 * a separate local Neo4j under .neo4j-bench (port 7699), so your data is never touched.
 * Import this module first, before anything connects (src/config.ts reads the variables at each call).
 */
import { join, resolve } from 'node:path';

if (!process.env.NEO4J_URI) {
  process.env.NEO4J_LOCAL_HOME ??= resolve(__dirname, '..', '..', __dirname.includes(join('dist', 'bench')) ? '..' : '.', '.neo4j-bench');
  process.env.NEO4J_LOCAL_PORT ??= '7699';
}
