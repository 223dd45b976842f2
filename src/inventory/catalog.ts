import { ManagedTransaction } from 'neo4j-driver';
import { PairIndex } from '../attack/log-source-match';
import { readTx, run } from '../db/neo4j';
import { PlatformVocabulary } from './platforms';

const C = 'inventory/catalog';

/** A data component reference resolved: its stable STIX id(s), and ATT&CK's spelling when only the case matched. */
export interface ComponentMatch {
  stixIds: string[];
  caseDiffers?: string;
}

/** The log source fields resolution looks at. */
export interface LogSourceIdentity {
  name?: string | null;
  channel?: string | null;
  dataComponents?: readonly string[] | null;
}

/**
 * What the loaded ATT&CK releases (every domain) know that the inventory refers to: platforms,
 * data components by id and name, and ATT&CK's (log source name, channel) pairs. Resolution ends
 * at data component STIX ids, stable across releases, so an 18.1 name also finds 17.1's copy.
 */
export class AttackCatalog {
  readonly platforms: PlatformVocabulary;
  private readonly byId = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly byLowerName = new Map<string, { name: string; stixIds: Set<string> }>();
  /** ATT&CK's (name, channel) pairs -> the component STIX ids they feed. */
  private readonly logSources = new PairIndex<string>();

  constructor(
    /** Release keys (enterprise-attack@18.1) with their generations. */
    readonly releases: { key: string; generation: string; platforms: string[] }[],
    components: { stixId: string; attackId: string | null; name: string }[],
    logSources: { name: string; channel: string | null; stixId: string }[],
  ) {
    this.platforms = new PlatformVocabulary(new Map(releases.map((r) => [r.key, r.platforms])));
    const add = <K>(map: Map<K, Set<string>>, key: K, value: string) => {
      if (!map.has(key)) map.set(key, new Set());
      map.get(key)!.add(value);
    };
    for (const dc of components) {
      if (dc.attackId) add(this.byId, dc.attackId.toUpperCase(), dc.stixId);
      add(this.byName, dc.name, dc.stixId);
      const lower = dc.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, { name: dc.name, stixIds: new Set() });
      this.byLowerName.get(lower)!.stixIds.add(dc.stixId);
    }
    for (const ls of logSources) this.logSources.add(ls.name, ls.channel, ls.stixId);
  }

  get generations(): string[] {
    return this.releases.map((r) => r.generation);
  }

  /** DC0032, "Process Creation" or "process creation" (the last with `caseDiffers`); undefined when unknown. */
  resolveComponent(ref: string): ComponentMatch | undefined {
    const id = this.byId.get(ref.toUpperCase());
    if (id && /^DC\d+$/i.test(ref)) return { stixIds: [...id] };
    const exact = this.byName.get(ref);
    if (exact) return { stixIds: [...exact] };
    const loose = this.byLowerName.get(ref.toLowerCase());
    return loose && { stixIds: [...loose.stixIds], caseDiffers: loose.name };
  }

  /** Components of every ATT&CK pair a log source (name, channel) matches (src/attack/log-source-match.ts). */
  resolveLogSourceName(name: string, channel?: string | null): Set<string> {
    return this.logSources.match(name, channel);
  }

  /** The log names of ATT&CK's (name, channel) pairs, as matching spells them. */
  logSourceNames(): string[] {
    return [...this.logSources.names()];
  }

  /** Every data component (STIX id) a log source provides: its listed components plus what its name and channel resolve to. */
  provides(ls: LogSourceIdentity): Set<string> {
    const out = ls.name ? this.resolveLogSourceName(ls.name, ls.channel) : new Set<string>();
    for (const ref of ls.dataComponents ?? []) for (const id of this.resolveComponent(ref)?.stixIds ?? []) out.add(id);
    return out;
  }

  describeReleases(): string {
    return this.releases.map((r) => r.key).join(', ') || 'none';
  }
}

/** Reads the catalog, in the caller's transaction when given (a release switch must see its own new generation). */
export async function loadCatalog(tx?: ManagedTransaction): Promise<AttackCatalog> {
  const work = async (t: ManagedTransaction) => {
    const releases = await run(t, C, 'releasePlatforms');
    const components = await run(t, C, 'dataComponents');
    const logSources = await run(t, C, 'attackLogSources');
    return new AttackCatalog(
      releases.map((r) => ({ key: r.release as string, generation: r.generation as string, platforms: r.platforms as string[] })),
      components as never,
      logSources as never,
    );
  };
  return tx ? work(tx) : readTx(work);
}
