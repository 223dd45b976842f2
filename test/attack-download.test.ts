import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { main } from '../cli/main';
import { captureCliOutput } from './support/cli';
import { closeDriver, graphCounts, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';

/** Downloads go to a local stand-in for attack-stix-data: this machine, like an air-gapped SOC, has no internet. */
describeWithShared('importing ATT&CK from a URL', () => {
  let server: Server;
  let base: string;
  const output = captureCliOutput();

  beforeAll(async () => {
    await resetDb();
    const ics = readFileSync(attackBundle('ics-attack-18.1'));
    server = createServer((req, res) => {
      if (req.url === '/ics-attack/ics-attack-18.1.json') res.writeHead(200).end(ics);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await stopGraphql();
    await closeDriver();
  });

  test('a URL imports like a file, and the release comes from the bundle', async () => {
    expect(await main(['import', 'attack', `${base}/ics-attack/ics-attack-18.1.json`])).toBe(0);
    const { attackReleases } = await gql(`{ attackReleases { domain version techniqueCount } }`);
    expect(attackReleases).toEqual([{ domain: 'ics-attack', version: '18.1', techniqueCount: 83 }]);
  });

  test('a failed download exits 2, says how to point at a file, and changes nothing', async () => {
    const before = await graphCounts();
    expect(await main(['import', 'attack', `${base}/ics-attack/ics-attack-99.9.json`])).toBe(2);
    expect(output.stderr).toMatch(/could not download .*HTTP 404/);
    expect(output.stderr).toMatch(/attack-kg import attack <file>/);
    expect(await graphCounts()).toEqual(before);
  });

  test('offline (nothing listening) is an environment error too', async () => {
    expect(await main(['import', 'attack', 'http://127.0.0.1:9/enterprise-attack/enterprise-attack-18.1.json'])).toBe(2);
    expect(output.stderr).toMatch(/could not download/);
  });
});
