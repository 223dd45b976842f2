import { DownloadError } from './read-bundle';

/** MITRE's attack-stix-data repository: STIX 2.1 bundles of every release, and an index of them. */
export const ATTACK_STIX_DATA = process.env.ATTACK_STIX_DATA_URL ?? 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master';

export const releaseUrl = (domain: string, version: string) => `${ATTACK_STIX_DATA}/${domain}/${domain}-${version}.json`;

interface Index { collections: { name: string; versions: { version: string; url: string }[] }[] }

const compareVersions = (a: string, b: string) => {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
};

/** The newest release of a domain that index.json lists, with its bundle URL. */
export async function latestRelease(domain: string): Promise<{ version: string; url: string }> {
  const url = `${ATTACK_STIX_DATA}/index.json`;
  let index: Index;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    index = (await response.json()) as Index;
  } catch (error) {
    throw new DownloadError(url, (error as Error).cause ? String((error as Error).cause) : (error as Error).message);
  }
  const name = { 'enterprise-attack': 'Enterprise ATT&CK', 'mobile-attack': 'Mobile ATT&CK', 'ics-attack': 'ICS ATT&CK' }[domain];
  const versions = index.collections?.find((c) => c.name === name)?.versions ?? [];
  const newest = [...versions].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!newest) throw new DownloadError(url, `no ${domain} release listed`);
  return { version: newest.version, url: newest.url ?? releaseUrl(domain, newest.version) };
}
