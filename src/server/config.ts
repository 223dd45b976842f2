/** Server settings, read from the environment when the server starts (tests vary them per server). */
export interface ServerConfig {
  /** NODE_ENV=production or ATTACK_KG_PRODUCTION=1: no stack traces, internal error messages masked. */
  production: boolean;
  /** ATTACK_KG_INTROSPECTION=true|false; default on, off in production. */
  introspection: boolean;
  /** ATTACK_KG_CORS_ORIGINS: comma-separated origins allowed to call from a browser; none by default. */
  corsOrigins: string[];
  /** ATTACK_KG_MAX_DEPTH: deepest field nesting an operation may have. */
  maxDepth: number;
  /** ATTACK_KG_MAX_COST: most objects an operation may be estimated to return (see limits.ts). */
  maxCost: number;
  /** ATTACK_KG_DRAIN_SECONDS: how long SIGTERM waits for in-flight requests before closing them. */
  drainSeconds: number;
}

const flag = (value: string | undefined) => (value === undefined || value === '' ? undefined : /^(1|true|yes|on)$/i.test(value));

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: expected a positive number`);
  return value;
}

export function serverConfig(): ServerConfig {
  const production = process.env.NODE_ENV === 'production' || flag(process.env.ATTACK_KG_PRODUCTION) === true;
  return {
    production,
    introspection: flag(process.env.ATTACK_KG_INTROSPECTION) ?? !production,
    corsOrigins: (process.env.ATTACK_KG_CORS_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean),
    maxDepth: positive('ATTACK_KG_MAX_DEPTH', 12),
    maxCost: positive('ATTACK_KG_MAX_COST', 200_000),
    drainSeconds: positive('ATTACK_KG_DRAIN_SECONDS', 10),
  };
}
