import { countKeys, Role, roleOfKey } from '../auth/keys';

/** Who is calling: a role, or the HTTP status and message that turn them away. */
export type Caller = { role: Role } | { status: 401; message: string };

// Short enough that `keys revoke` (or a first key) takes effect within a second in every running
// server; long enough that a busy dashboard's key costs one lookup a second, not one a request.
export const KEY_TTL_MS = 1_000;
const COUNT_TTL_MS = 1_000;
const MAX_CACHED = 10_000;

export const isLoopback = (host: string) => ['127.0.0.1', '::1', 'localhost'].includes(host);

/**
 * Bearer API keys. Until the first key exists, a server bound to loopback treats every caller as
 * admin (a fresh install works out of the box); once one exists, every caller needs a key.
 * Lookups are cached for KEY_TTL_MS (see there).
 */
export class AccessGate {
  private keys = new Map<string, { role: Role; at: number }>();
  private count?: { keys: number; at: number };

  constructor(private readonly loopback: boolean) {}

  async keysExist(): Promise<boolean> {
    if (!this.count || Date.now() - this.count.at > COUNT_TTL_MS) this.count = { keys: await countKeys(), at: Date.now() };
    return this.count.keys > 0;
  }

  async caller(authorization: string | undefined): Promise<Caller> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (token) {
      const cached = this.keys.get(token);
      if (cached && Date.now() - cached.at < KEY_TTL_MS) return { role: cached.role };
      const role = await roleOfKey(token);
      if (!role) return { status: 401, message: 'invalid or revoked API key' };
      if (this.keys.size >= MAX_CACHED) this.keys.clear();
      this.keys.set(token, { role, at: Date.now() });
      return { role };
    }
    if (await this.keysExist()) return { status: 401, message: 'an API key is required: send "Authorization: Bearer <key>"' };
    if (this.loopback) return { role: 'admin' };
    return { status: 401, message: 'no API key exists yet; create one with `attack-kg keys create --role admin`' };
  }
}
