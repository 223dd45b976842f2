import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { captureCliOutput } from './support/cli';
import { describeWithShared } from './support/shared';

/** Every "Bad input" class of the contract: exit 1, file + line or path + what is wrong, nothing written. */
describeWithShared('bad inventories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-inventory-bad-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const good = `version: 1
assets:
  - { id: WS-1, platforms: [Windows], tags: [workstation] }
  - { id: SRV-1, platforms: [Linux] }
logSources:
  - { id: win-4688, name: "WinEventLog:Security", channel: EventCode=4688 }
  - { id: edr, dataComponents: [DC0032] }
collection:
  - { logSource: win-4688, assets: [WS-1], state: monitored }
`;
  const out = captureCliOutput();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['import', 'inventory', file('good.yaml', good)])).toBe(0);
    jest.restoreAllMocks();
  });
  afterAll(closeDriver);

  async function rejects(...args: string[]) {
    const before = await graphCounts();
    expect(await main(['import', 'inventory', ...args])).toBe(1);
    expect(await graphCounts()).toEqual(before);
    expect(out.stderr).toMatch(/nothing imported/);
    return out.stderr;
  }

  test('unknown version', async () => {
    const path = file('v2.yaml', good.replace('version: 1', 'version: 2'));
    expect(await rejects(path)).toContain(`${path}:1: version: unknown version: this importer reads inventory format version 1`);
  });

  test('missing ids', async () => {
    const path = file('no-id.yaml', good.replace('{ id: SRV-1, platforms: [Linux] }', '{ platforms: [Linux] }'));
    expect(await rejects(path)).toContain(`${path}:4: assets[1].id: missing id`);
  });

  test('duplicate ids, across the document and a CSV', async () => {
    const csv = file('assets.csv', 'id,platforms,tags\nWS-2,Windows,workstation\nWS-1,Windows,\n');
    const message = await rejects(file('dup.yaml', good), csv);
    expect(message).toContain(`${csv}:3: id: duplicate asset id "WS-1" (first at ${join(dir, 'dup.yaml')}:3: assets[0].id)`);
    const path = file('dup-ls.yaml', good.replace('{ id: edr,', '{ id: win-4688,'));
    expect(await rejects(path)).toContain(`${path}:7: logSources[1].id: duplicate log source id "win-4688"`);
  });

  test('a reference to an unknown log source or asset', async () => {
    const path = file(
      'refs.yaml',
      `${good}  - { logSource: nope, assets: [WS-1, WS-9], state: tested }\n  - { logSource: edr, assets: { ids: [SRV-9] }, state: tested }\n`,
    );
    const message = await rejects(path);
    expect(message).toContain(`${path}:10: collection[1].logSource: unknown log source "nope"`);
    expect(message).toContain(`${path}:10: collection[1].assets[1]: unknown asset "WS-9"`);
    expect(message).toContain(`${path}:11: collection[2].assets.ids[0]: unknown asset "SRV-9"`);
    const csv = file('collection.csv', 'asset,logSource,state,since\nWS-1,edr,monitored,2026-01-01\nWS-404,edr,monitored,\n');
    expect(await rejects(file('ok.yaml', good), csv)).toContain(`${csv}:3: asset: unknown asset "WS-404"`);
  });

  test('an unknown state', async () => {
    const path = file('state.yaml', good.replace('state: monitored', 'state: monitoring'));
    expect(await rejects(path)).toContain(
      `${path}:9: collection[0].state: unknown state "monitoring" (expected configured, tested, monitored)`,
    );
    const csv = file('state.csv', 'asset,logSource,state\nSRV-1,edr,watched\n');
    expect(await rejects(file('ok2.yaml', good), csv)).toContain(`${csv}:2: state: unknown state "watched"`);
  });

  test('an unknown platform, after aliases (Entra ID and AWS pass)', async () => {
    const path = file(
      'platform.yaml',
      good.replace('platforms: [Linux]', 'platforms: [Linux, Windwos]').replace('platforms: [Windows]', 'platforms: [Entra ID, aws]'),
    );
    const message = await rejects(path);
    expect(message).toContain(`${path}:4: assets[1].platforms[1]: unknown platform "Windwos"`);
    expect(message).toMatch(/: 1 problem, nothing imported/);
  });

  test('an unknown data component is an error; --allow-unknown makes it a warning', async () => {
    const path = file('dc.yaml', good.replace('dataComponents: [DC0032]', 'dataComponents: [DC0032, Proces Creation]'));
    expect(await rejects(path)).toContain(
      `${path}:7: logSources[1].dataComponents[1]: data component "Proces Creation" is not in the loaded ATT&CK releases (enterprise-attack@18.1); --allow-unknown imports it anyway`,
    );
    expect(await main(['import', 'inventory', path, '--allow-unknown'])).toBe(0);
    expect(out.stdout).toContain(
      `${path}:7: logSources[1].dataComponents[1]: data component "Proces Creation" is not in the loaded ATT&CK releases (enterprise-attack@18.1); kept (--allow-unknown)`,
    );
  });

  test('malformed YAML', async () => {
    const path = file('broken.yaml', 'version: 1\nassets:\n  - { id: WS-1, platforms: [Windows\n');
    expect(await rejects(path)).toMatch(new RegExp(`${path}:\\d: not valid YAML`));
  });

  test('malformed JSON, and JSON paths in messages', async () => {
    const path = file('broken.json', '{"version": 1, "assets": [}');
    expect(await rejects(path)).toContain(`${path}:1: not valid JSON`);
    const json = file(
      'inventory.json',
      JSON.stringify({ version: 1, assets: [{ id: 'A', platforms: ['Windows'], criticality: 'urgent' }] }),
    );
    expect(await rejects(json)).toContain(
      `${json}: $.assets[0].criticality: unknown criticality "urgent" (expected low, medium, high, critical)`,
    );
  });

  test('malformed CSV: a header that is neither form, a row of the wrong width, an open quote', async () => {
    const header = file('what.csv', 'name,owner\nx,y\n');
    expect(await rejects(file('ok3.yaml', good), header)).toContain(`${header}:1: header "name,owner" is neither an assets header`);
    const width = file('width.csv', 'id,platforms\nA,Windows\nB,Windows,extra\n');
    expect(await rejects(file('ok4.yaml', good), width)).toContain(`${width}:3: 3 fields where the header has 2`);
    const quote = file('quote.csv', 'id,platforms\n"A,Windows\n');
    expect(await rejects(file('ok5.yaml', good), quote)).toContain(`${quote}:2: not valid CSV: a quoted field is not closed`);
    const stray = file('stray.csv', 'id,platforms\nA,Windows\nB"2,Windows\n');
    expect(await rejects(file('ok6.yaml', good), stray)).toContain(`${stray}:3: not valid CSV: a quote inside an unquoted field ("B"")`);
  });

  test('every problem of a file is reported at once, with lines', async () => {
    const path = file(
      'many.yaml',
      `version: 1
assets:
  - { id: A, platforms: [Solaris] }
  - { id: B, platforms: [], criticality: urgent }
  - { id: A, platforms: [Linux], colour: blue }
collection:
  - { logSource: none, assets: "*", state: on }
`,
    );
    const message = await rejects(path);
    expect(message).toMatch(/6 problems, nothing imported/);
    for (const line of [
      `${path}:3: assets[0].platforms[0]: unknown platform "Solaris"`,
      `${path}:4: assets[1].platforms: needs at least one platform`,
      `${path}:4: assets[1].criticality: unknown criticality "urgent"`,
      `${path}:5: assets[2].colour: unknown key "colour"`,
      `${path}:7: collection[0].state: unknown state "on"`,
      `${path}:7: collection[0].logSource: unknown log source "none"`,
    ])
      expect(message).toContain(line);
  });
});
