import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the project-managed local Neo4j lives (git-ignored); overridable so two servers can run side by side. */
export const projectRoot = resolve(__dirname, '..', '..', __dirname.includes(`${join('dist', 'src')}`) ? '..' : '.');
export const localHome = resolve(process.env.NEO4J_LOCAL_HOME ?? join(projectRoot, '.neo4j'));
export const localBoltPort = Number(process.env.NEO4J_LOCAL_PORT ?? 7687);
export const localPasswordFile = join(localHome, 'password');

export interface DbConfig {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** True when no NEO4J_URI is set: the project starts and owns the server. */
  local: boolean;
}

export function dbConfig(): DbConfig {
  const uri = process.env.NEO4J_URI;
  if (uri) {
    return {
      uri,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
      local: false,
    };
  }
  return {
    uri: `bolt://127.0.0.1:${localBoltPort}`,
    user: 'neo4j',
    password: existsSync(localPasswordFile) ? readFileSync(localPasswordFile, 'utf8').trim() : '',
    database: process.env.NEO4J_DATABASE ?? 'neo4j',
    local: true,
  };
}
