import { createHash, randomBytes } from 'node:crypto';
import { read, write } from '../db/neo4j';

/** API keys: "akg_" + 32 random bytes; Neo4j keeps only their sha256, so a database dump reveals none. */
const A = 'auth';
export const ROLES = ['reader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface KeyInfo {
  id: string;
  role: Role;
  name: string | null;
  createdAt: string;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Creates a key; the returned `key` is the only time it is ever visible. */
export async function createKey(role: Role, name: string | null): Promise<KeyInfo & { key: string }> {
  const key = `akg_${randomBytes(32).toString('base64url')}`;
  const [row] = await write(A, 'createKey', {
    id: randomBytes(4).toString('hex'),
    hash: hashKey(key),
    role,
    name,
    createdAt: new Date().toISOString(),
  });
  return { ...(row.key as KeyInfo), key };
}

export const listKeys = async () => (await read(A, 'listKeys')).map((r) => r.key as KeyInfo);

export const revokeKey = async (id: string) => Number((await write(A, 'revokeKey', { id }))[0]?.revoked ?? 0) > 0;

export async function roleOfKey(key: string): Promise<Role | undefined> {
  return (await read(A, 'roleOfKey', { hash: hashKey(key) }))[0]?.role as Role | undefined;
}

export const countKeys = async () => Number((await read(A, 'countKeys'))[0]?.keys ?? 0);
