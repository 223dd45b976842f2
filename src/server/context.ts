import { createLoaders, Loaders } from './loaders';

/** Per-request state: batching loaders (no N+1) and, later, the caller's role. */
export interface Context {
  loaders: Loaders;
  role: 'reader' | 'admin';
}

export function createContext(role: Context['role'] = 'admin'): Context {
  return { loaders: createLoaders(), role };
}
