/**
 * Which asset a SIEM's host is (shared/spec/TELEMETRY.md, "Matching"): the asset whose id or
 * hostname equals it, or, failing that, the one asset whose id's or hostname's short name (before
 * the first dot) equals the host's short name; all case-insensitive. IP addresses have no short
 * name (10.0.0.5 is not host "10"). A name two assets share is ambiguous: the row's host is then
 * unknown, and reported with the assets it could be.
 */

/** A host as compared: trimmed, lower case, without a trailing dot. */
export const hostKey = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** The part before the first dot; an IP address (or an IPv6 one, which has no dot) is its own short name. */
export const shortName = (key: string) => (IPV4.test(key) ? key : key.split('.')[0]);

export type HostMatch = { asset: number } | { asset: null; ambiguous: number[] };

export interface HostAsset {
  id: string;
  hostname: string | null;
}

export class HostMatcher {
  private readonly exact = new Map<string, number[]>();
  private readonly short = new Map<string, number[]>();
  private readonly cache = new Map<string, HostMatch>();

  constructor(assets: readonly HostAsset[]) {
    const add = (map: Map<string, number[]>, key: string, index: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [index]);
      else if (!list.includes(index)) list.push(index);
    };
    assets.forEach((a, i) => {
      for (const name of [a.id, a.hostname]) {
        if (!name) continue;
        const key = hostKey(name);
        add(this.exact, key, i);
        add(this.short, shortName(key), i);
      }
    });
  }

  /** The asset (index) a host is, or the assets that make it ambiguous (none: unknown). */
  match(host: string): HostMatch {
    const key = hostKey(host);
    let found = this.cache.get(key);
    if (!found) {
      const exact = this.exact.get(key);
      const candidates = exact ?? this.short.get(shortName(key)) ?? [];
      found = candidates.length === 1 ? { asset: candidates[0] } : { asset: null, ambiguous: candidates };
      if (this.cache.size < 1_000_000) this.cache.set(key, found);
    }
    return found;
  }
}
