import { config, MITRE_STIX_DATA } from '../../config';
import { DownloadError } from '../../errors';
import { Domain } from '../domains';

/**
 * MITRE's attack-stix-data repository: STIX 2.1 bundles of every release, and an index of them.
 * ATTACK_STIX_DATA_URL points at a mirror (air-gapped sites serve a copy); read per call so a
 * running server or test can be pointed elsewhere.
 */
const base = () => config.attack.stixDataUrl();

export const releaseUrl = (domain: string, version: string) => `${base()}/${domain}/${domain}-${version}.json`;

export interface StixDataIndex {
  collections: { name: string; versions: { version: string; url?: string }[] }[];
}

export const compareVersions = (a: string, b: string) => {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
};

/** index.json, which lists every release of every domain. */
export async function readIndex(): Promise<StixDataIndex> {
  const url = `${base()}/index.json`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const index = (await response.json()) as StixDataIndex;
    if (!Array.isArray(index?.collections)) throw new Error('not an attack-stix-data index (no "collections")');
    return index;
  } catch (error) {
    throw new DownloadError(url, (error as Error).cause ? String((error as Error).cause) : (error as Error).message);
  }
}

const collectionNames: Record<Domain, string> = {
  'enterprise-attack': 'Enterprise ATT&CK',
  'mobile-attack': 'Mobile ATT&CK',
  'ics-attack': 'ICS ATT&CK',
};

/** The newest release of a domain that index.json lists, with its bundle URL. */
export async function latestRelease(domain: Domain, index?: StixDataIndex): Promise<{ version: string; url: string }> {
  const versions = (index ?? (await readIndex())).collections.find((c) => c.name === collectionNames[domain])?.versions ?? [];
  const newest = [...versions].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!newest) throw new DownloadError(`${base()}/index.json`, `no ${domain} release listed`);
  // A mirror serves MITRE's index.json verbatim: its URLs into MITRE's repository are read from the mirror.
  const url = !newest.url || newest.url.startsWith(`${MITRE_STIX_DATA}/`) ? releaseUrl(domain, newest.version) : newest.url;
  return { version: newest.version, url };
}
