import { config, productionMode } from '../config';

/** Server settings, taken from the environment (src/config.ts) when a server starts: tests vary them per server. */
export interface ServerConfig {
  /** No stack traces, internal error messages masked. */
  production: boolean;
  introspection: boolean;
  /** Origins allowed to call from a browser. */
  corsOrigins: string[];
  /** Deepest field nesting an operation may have. */
  maxDepth: number;
  /** Most objects an operation may be estimated to return (see limits.ts). */
  maxCost: number;
  /** How long SIGTERM waits for in-flight requests before closing them. */
  drainSeconds: number;
}

export function serverConfig(): ServerConfig {
  const s = config.server;
  return {
    production: productionMode(),
    introspection: s.introspection(),
    corsOrigins: s.corsOrigins(),
    maxDepth: s.maxDepth(),
    maxCost: s.maxCost(),
    drainSeconds: s.drainSeconds(),
  };
}
