import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config';

/** The project-managed local Neo4j (git-ignored); NEO4J_LOCAL_HOME and NEO4J_LOCAL_PORT move it so two can run side by side. */
export const localHome = () => config.neo4j.localHome();
export const localBoltPort = () => config.neo4j.localPort();
export const localPasswordFile = () => join(localHome(), 'password');

export interface DbConfig {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** True when no NEO4J_URI is set: the project starts and owns the server. */
  local: boolean;
}

export function dbConfig(): DbConfig {
  const uri = config.neo4j.uri();
  const database = config.neo4j.database();
  if (uri) return { uri, user: config.neo4j.user(), password: config.neo4j.password(), database, local: false };
  const passwordFile = localPasswordFile();
  return {
    uri: `bolt://127.0.0.1:${localBoltPort()}`,
    user: 'neo4j',
    password: existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : '',
    database,
    local: true,
  };
}
