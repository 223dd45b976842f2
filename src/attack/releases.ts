import { read } from '../db/neo4j';
import { InputError } from '../errors';
import { DEFAULT_DOMAIN } from './domains';

export interface ReleaseRecord {
  key: string;
  /** The generation its objects carry as `generation`: what queries filter on. */
  generation: string;
  domain: string;
  version: string;
  versionOrder: number;
  specVersion?: string;
  source: string;
  sha256: string;
  importedAt: string;
  techniqueCount: number;
  counts: string;
}

export async function listReleases(): Promise<ReleaseRecord[]> {
  return (await read('attack/queries', 'releases')).map((r) => r.release as ReleaseRecord);
}

/** The newest imported release of each domain: what queries use when no release is named. */
export function defaultReleases(releases: ReleaseRecord[]): Map<string, ReleaseRecord> {
  const newest = new Map<string, ReleaseRecord>();
  for (const r of releases) if ((newest.get(r.domain)?.versionOrder ?? -1) < r.versionOrder) newest.set(r.domain, r);
  return newest;
}

/** The release (domain, version) arguments name among `imported`, defaulting to the newest of the domain. */
export function pickRelease(imported: ReleaseRecord[], domain?: string | null, version?: string | null): ReleaseRecord {
  const wanted = domain ?? DEFAULT_DOMAIN;
  const releases = imported.filter((r) => r.domain === wanted);
  const release = version ? releases.find((r) => r.version === version) : defaultReleases(releases).get(wanted);
  if (!release) {
    const have = releases.map((r) => r.version).join(', ') || 'none';
    throw new InputError(
      version
        ? `ATT&CK ${wanted} release ${version} is not imported (imported: ${have})`
        : `no ATT&CK ${wanted} release is imported yet; run \`attack-kg import attack\``,
    );
  }
  return release;
}

/** Resolves (domain, version) arguments to the release's generation. */
export async function resolveRelease(domain?: string | null, version?: string | null): Promise<string> {
  return pickRelease(await listReleases(), domain, version).generation;
}
