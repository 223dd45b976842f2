import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for MITRE's attack-stix-data (this machine, like an air-gapped SOC, has no
 * internet): serves index.json and bundles from memory; `files` can be changed between tests.
 */
export interface StixDataServer {
  base: string;
  files: Map<string, Buffer | string | number>;
  close(): Promise<void>;
}

export const MITRE_RAW = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master';

/** index.json as MITRE publishes it: absolute URLs into MITRE's repository. */
export function stixDataIndex(releases: Record<string, string[]>) {
  const names: Record<string, string> = {
    'enterprise-attack': 'Enterprise ATT&CK',
    'mobile-attack': 'Mobile ATT&CK',
    'ics-attack': 'ICS ATT&CK',
  };
  return JSON.stringify({
    id: 'x-mitre-collection-index--stand-in',
    name: 'MITRE ATT&CK',
    collections: Object.entries(releases).map(([domain, versions]) => ({
      name: names[domain],
      versions: versions.map((version) => ({ version, url: `${MITRE_RAW}/${domain}/${domain}-${version}.json` })),
    })),
  });
}

export async function startStixDataServer(): Promise<StixDataServer> {
  const files = new Map<string, Buffer | string | number>();
  const server: Server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) res.writeHead(404).end();
    else if (typeof body === 'number') res.writeHead(body).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    files,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
