import { createLoaders, Loaders } from './loaders';
import { Services } from './services';

/** Per-request state: batching loaders (no N+1), the caller's role, and the server's services. */
export interface Context {
  loaders: Loaders;
  role: 'reader' | 'admin';
  services: Services;
}

export function createContext(services: Services, role: Context['role'] = 'admin'): Context {
  return { loaders: createLoaders(), role, services };
}
