import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { captureCliOutput } from './support/cli';
import { closeDriver, graphCounts, resetDb } from './support/db';
import { tinyBundle } from './fixtures/bundles';

/** Bad bundles stop with the path and the reason, exit 1, and write nothing. */
describe('bad ATT&CK bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-bad-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const output = captureCliOutput();

  beforeAll(async () => {
    await resetDb();
    expect(await main(['import', 'attack', file('good.json', JSON.stringify(tinyBundle()))])).toBe(0);
  });
  afterAll(closeDriver);

  async function rejects(path: string, ...args: string[]) {
    const before = await graphCounts();
    expect(await main(['import', 'attack', path, ...args])).toBe(1);
    expect(await graphCounts()).toEqual(before);
    return output.stderr;
  }

  test('truncated JSON', async () => {
    const text = JSON.stringify(tinyBundle({ version: '2.0' }));
    const path = file('truncated.json', text.slice(0, text.length / 2));
    expect(await rejects(path)).toMatch(new RegExp(`${path}: not valid JSON`));
  });

  test('a JSON document that is not a bundle', async () => {
    const path = file('not-a-bundle.json', JSON.stringify({ type: 'attack-pattern', name: 'x' }));
    expect(await rejects(path)).toMatch(/not a STIX bundle/);
  });

  test('a technique without an ATT&CK id names the object path', async () => {
    const bundle = tinyBundle({
      version: '2.0',
      techniques: [
        { type: 'attack-pattern', id: 'attack-pattern--00000000-0000-4000-8000-000000000009', name: 'No id', external_references: [] },
      ],
    });
    const message = await rejects(file('no-id.json', JSON.stringify(bundle)));
    expect(message).toMatch(
      /objects\[2\]\.external_references \(attack-pattern attack-pattern--00000000-0000-4000-8000-000000000009\): has no ATT&CK id/,
    );
  });

  test('a technique without a STIX id', async () => {
    const bundle = tinyBundle({ version: '2.0', techniques: [{ type: 'attack-pattern', name: 'No id', external_references: [] }] });
    expect(await rejects(file('no-stix-id.json', JSON.stringify(bundle)))).toMatch(/objects\[2\]\.id \(attack-pattern\): Required/);
  });

  test('a bundle that does not say its release, without --release', async () => {
    const bundle = tinyBundle();
    bundle.objects.shift();
    expect(await rejects(file('anonymous.json', JSON.stringify(bundle)))).toMatch(/pass --release X\.Y/);
  });

  test('--release labels such a bundle', async () => {
    const bundle = tinyBundle();
    bundle.objects.shift();
    expect(await main(['import', 'attack', file('labelled.json', JSON.stringify(bundle)), '--release', '3.0'])).toBe(0);
  });

  test('a missing file', async () => {
    expect(await rejects(join(dir, 'nope.json'))).toMatch(/cannot read the file \(ENOENT\)/);
  });
});
