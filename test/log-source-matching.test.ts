import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import YAML from 'yaml';
import { importAttack } from '../import/attack/import-attack';
import { importInventory } from '../import/inventory/import-inventory';
import { coverage } from '../src/coverage/coverage';
import { recommendations } from '../src/coverage/views/recommendations';
import { techniqueCoverage } from '../src/coverage/views/technique-coverage';
import { oracleMatches } from './oracle/log-sources';
import { closeDriver, importShared, resetDb } from './support/db';
import { gql, services, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';

/**
 * INVENTORY.md v1.1, "Matching log sources by name and channel", clause by clause, through the
 * real import and the real Neo4j: what each inventory log source resolves to (PROVIDES), which
 * ones warn, LOG_SOURCE precision, techniqueCoverage's matched members and recommendations.
 * Expectations come from the raw 18.1 bundle, read here.
 */
/** The program's caches, as resolvers reach them (ctx.services). */
const { caches } = services;

type Ref = { name: string; channel?: string; dc: string };
function rawReferences(): { analytic: Ref[]; all: Ref[] } {
  const objects: any[] = JSON.parse(gunzipSync(readFileSync(attackBundle('enterprise-attack-18.1'))).toString('utf8')).objects;
  const analytic = objects
    .filter((o) => o.type === 'x-mitre-analytic')
    .flatMap((o) =>
      (o.x_mitre_log_source_references ?? []).map((l: any) => ({ name: l.name, channel: l.channel, dc: l.x_mitre_data_component_ref })),
    );
  const listed = objects
    .filter((o) => o.type === 'x-mitre-data-component')
    .flatMap((o) => (o.x_mitre_log_sources ?? []).map((l: any) => ({ name: l.name, channel: l.channel, dc: o.id })));
  return { analytic, all: [...analytic, ...listed] };
}

/** The components of the raw references whose name (ignoring case) and channel are exactly these. */
const exactly = (refs: Ref[], name: string, channel?: string) =>
  new Set(
    refs.filter((r) => r.name.toLowerCase() === name.toLowerCase() && (channel === undefined || r.channel === channel)).map((r) => r.dc),
  );
const sorted = (s: Iterable<string>) => [...s].sort();

/** [ATT&CK's name, other spellings]: the contract's table, then the ones docs/inventory.md adds. */
const SPELLINGS: [string, string[], boolean][] = [
  ['WinEventLog:Sysmon', ['WinEventLog:Microsoft-Windows-Sysmon/Operational'], true],
  [
    'WinEventLog:PowerShell',
    ['WinEventLog:Microsoft-Windows-PowerShell/Operational', 'WinEventLog:Windows PowerShell', 'WinEventLog:PowerShellCore/Operational'],
    true,
  ],
  ['WinEventLog:WMI', ['WinEventLog:Microsoft-Windows-WMI-Activity/Operational'], true],
  ['WinEventLog:TaskScheduler', ['WinEventLog:Microsoft-Windows-TaskScheduler/Operational'], true],
  ['WinEventLog:CodeIntegrity', ['WinEventLog:Microsoft-Windows-CodeIntegrity/Operational'], true],
  ['WinEventLog:Windows Defender', ['WinEventLog:Microsoft-Windows-Windows Defender/Operational'], true],
  ['WinEventLog:WinRM', ['WinEventLog:Microsoft-Windows-WinRM/Operational'], true],
  [
    'WinEventLog:AppLocker',
    ['EXE and DLL', 'MSI and Script', 'Packaged app-Execution', 'Packaged app-Deployment'].map(
      (l) => `WinEventLog:Microsoft-Windows-AppLocker/${l}`,
    ),
    true,
  ],
  ['wineventlog:dhcp', ['WinEventLog:Microsoft-Windows-DHCP-Server/Operational'], true],
  ['WinEventLog:Microsoft-Windows-Shell-Core', ['WinEventLog:Microsoft-Windows-Shell-Core/Operational'], false],
  ['WinEventLog:Microsoft-Windows-WLAN-AutoConfig', ['WinEventLog:Microsoft-Windows-WLAN-AutoConfig/Operational'], false],
  ['WinEventLog:Microsoft-Windows-Kernel-Boot', ['WinEventLog:Microsoft-Windows-Kernel-Boot/Operational'], false],
  ['WinEventLog:Microsoft-IIS-Configuration', ['WinEventLog:Microsoft-IIS-Configuration/Operational'], false],
  ['WinEventLog:Microsoft-Office-Alerts', ['WinEventLog:OAlerts'], false],
  [
    'WinEventLog:Microsoft-Windows-Security-Mitigations/KernelMode',
    ['WinEventLog:Microsoft-Windows-Security-Mitigations/Kernel Mode'],
    false,
  ],
];

const CLAUSES = [
  // members of KEY=v1, v2 lists; single values
  { id: 'ps-4104', name: 'WinEventLog:PowerShell', channel: 'EventCode=4104' },
  { id: 'sysmon-22', name: 'WinEventLog:Sysmon', channel: 'EventCode=22' },
  { id: 'sysmon-3-22', name: 'WinEventLog:Sysmon', channel: 'EventCode=3, 22' },
  { id: 'sec-4688', name: 'WinEventLog:Security', channel: 'EventCode=4688' },
  // key case-insensitive, values exact; names case-insensitive; prefixes
  { id: 'sec-4688-lower-key', name: 'WinEventLog:Security', channel: 'eventcode=4688' },
  { id: 'sec-4688-upper-name', name: 'WINEVENTLOG:SECURITY', channel: 'EventCode=4688' },
  { id: 'sec-4688-xml', name: 'XmlWinEventLog:Security', channel: 'EventCode=4688' },
  { id: 'sec-04688', name: 'WinEventLog:Security', channel: 'EventCode=04688' },
  // token lists, as ATT&CK's and as the inventory's own channel
  { id: 'auditd-write', name: 'auditd:SYSCALL', channel: 'write' },
  { id: 'auditd-unlink', name: 'auditd:SYSCALL', channel: 'unlink' },
  { id: 'auditd-open-write', name: 'auditd:SYSCALL', channel: 'open, write' },
  // free text and None are one member, compared exactly
  { id: 'k8s-cronjobs', name: 'kubernetes:apiserver', channel: 'verb=create, resource=cronjobs, group=batch' },
  { id: 'k8s-verb-create', name: 'kubernetes:apiserver', channel: 'verb=create' },
  { id: 'hostd-None', name: 'esxi:hostd', channel: 'None' },
  { id: 'hostd-none', name: 'esxi:hostd', channel: 'none' },
  // channel-less: every channel of the name (and of its other spellings)
  { id: 'ps-all', name: 'WinEventLog:PowerShell' },
  { id: 'ps-all-long', name: 'XmlWinEventLog:Microsoft-Windows-PowerShell/Operational' },
  { id: 'ps-4104-long', name: 'XmlWinEventLog:Microsoft-Windows-PowerShell/Operational', channel: 'EventCode=4104' },
  // collected nowhere (recommendations)
  { id: 'idle-sysmon-22', name: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', channel: 'EventCode=22' },
];
const NOTHING = ['sec-04688', 'k8s-verb-create', 'hostd-none'];

function matchingInventory(dir: string) {
  const spelling = SPELLINGS.flatMap(([attack, others], row) => [
    { id: `row-${row}`, name: attack },
    ...others.flatMap((other, i) => [
      { id: `row-${row}-${i}`, name: other },
      { id: `row-${row}-${i}-xml`, name: other.replace('WinEventLog:', 'XmlWinEventLog:').toLowerCase() },
    ]),
  ]);
  const file = join(dir, 'matching.yaml');
  writeFileSync(
    file,
    YAML.stringify({
      version: 1,
      organization: 'Matching',
      assets: [
        { id: 'W-PS', platforms: ['Windows'] },
        { id: 'W-SYSMON', platforms: ['Windows'] },
        { id: 'W-NOTHING', platforms: ['Windows'] },
        { id: 'W-BLIND', platforms: ['Windows'] },
        { id: 'L-AUDITD', platforms: ['Linux'] },
      ],
      logSources: [...CLAUSES, ...spelling],
      collection: [
        { logSource: 'ps-4104', assets: ['W-PS'], state: 'monitored' },
        { logSource: 'sysmon-3-22', assets: ['W-SYSMON'], state: 'monitored' },
        { logSource: 'sec-04688', assets: ['W-NOTHING'], state: 'monitored' },
        { logSource: 'hostd-none', assets: ['W-NOTHING'], state: 'monitored' },
        { logSource: 'auditd-write', assets: ['L-AUDITD'], state: 'monitored' },
      ],
    }),
  );
  return file;
}

describeWithShared('matching log sources by name and channel (INVENTORY.md v1.1) on ATT&CK 18.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-matching-'));
  const raw = rawReferences();
  let provides: Map<string, string[]>;
  let warnings: string[];

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    ({ warnings } = await importInventory({ document: matchingInventory(dir), csv: [] }));
    const { logSources } = await gql('{ logSources { id dataComponents { stixId } } }');
    provides = new Map(
      logSources.map((l: { id: string; dataComponents: { stixId: string }[] }) => [l.id, sorted(l.dataComponents.map((d) => d.stixId))]),
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopGraphql();
    await closeDriver();
  });

  const of = (id: string) => provides.get(id)!;
  const includes = (id: string, components: Set<string>) => {
    expect(components.size).toBeGreaterThan(0);
    expect([id, [...components].filter((c) => !of(id).includes(c))]).toEqual([id, []]);
  };

  test('a member of a KEY=v1, v2 list provides what the list provides; a single value is a list of one', () => {
    includes('ps-4104', exactly(raw.all, 'WinEventLog:PowerShell', 'EventCode=4103, 4104, 4105, 4106'));
    includes('sysmon-22', exactly(raw.all, 'WinEventLog:Sysmon', 'EventCode=3, 22'));
    includes('sec-4688', exactly(raw.all, 'WinEventLog:Security', 'EventCode=4688'));
    // the inventory's own list stands for each member
    includes('sysmon-3-22', exactly(raw.all, 'WinEventLog:Sysmon', 'EventCode=3, 22'));
    for (const c of of('sysmon-22')) expect(of('sysmon-3-22')).toContain(c);
  });

  test('the key compares ignoring case, values exactly; names ignoring case; WinEventLog: = XmlWinEventLog:', () => {
    for (const id of ['sec-4688-lower-key', 'sec-4688-upper-name', 'sec-4688-xml']) expect([id, of(id)]).toEqual([id, of('sec-4688')]);
    expect(of('sec-04688')).toEqual([]);
  });

  test('comma token lists: each token is a member, on either side', () => {
    includes('auditd-write', exactly(raw.all, 'auditd:SYSCALL', 'open, write'));
    includes('auditd-write', exactly(raw.all, 'auditd:SYSCALL', 'open, write, unlink'));
    includes('auditd-unlink', exactly(raw.all, 'auditd:SYSCALL', 'open, write, unlink'));
    expect(of('auditd-unlink')).not.toEqual(of('auditd-write'));
    includes(
      'auditd-open-write',
      new Set([...exactly(raw.all, 'auditd:SYSCALL', 'write'), ...exactly(raw.all, 'auditd:SYSCALL', 'open, write, unlink')]),
    );
  });

  test('free text and None are one member each, compared exactly', () => {
    expect(of('k8s-cronjobs')).toEqual(sorted(exactly(raw.all, 'kubernetes:apiserver', 'verb=create, resource=cronjobs, group=batch')));
    expect(of('k8s-verb-create')).toEqual([]);
    expect(of('hostd-None')).toEqual(sorted(exactly(raw.all, 'esxi:hostd', 'None')));
    expect(of('hostd-none')).toEqual([]);
  });

  test('a log source without a channel stands for every channel of its name, under any spelling', () => {
    expect(of('ps-all')).toEqual(sorted(exactly(raw.all, 'WinEventLog:PowerShell')));
    expect(of('ps-all-long')).toEqual(of('ps-all'));
    expect(of('ps-4104-long')).toEqual(of('ps-4104'));
  });

  test('every row of the spellings table (and the extra ones): each spelling, either prefix, any case, is the same log', () => {
    SPELLINGS.forEach(([attack, others], row) => {
      includes(`row-${row}`, exactly(raw.all, attack));
      others.forEach((_, i) => {
        expect([`row-${row}-${i}`, of(`row-${row}-${i}`)]).toEqual([`row-${row}-${i}`, of(`row-${row}`)]);
        expect([`row-${row}-${i}-xml`, of(`row-${row}-${i}-xml`)]).toEqual([`row-${row}-${i}-xml`, of(`row-${row}`)]);
      });
    });
    // ATT&CK's two names of one log are one log: either provides what both do.
    includes('row-4', exactly(raw.all, 'WinEventLog:Microsoft-Windows-CodeIntegrity/Operational'));
    includes('row-5', exactly(raw.all, 'WinEventLog:Microsoft-Windows-Windows Defender/Operational'));
  });

  test('the import warns only about log sources that still resolve to nothing', () => {
    const named = warnings
      .filter((w) => /resolves to no ATT&CK data component/.test(w))
      .map((w) => /log source "([^"]+)"/.exec(w)![1])
      .sort();
    expect(named).toEqual([...NOTHING].sort());
    for (const [id, components] of provides) if (!NOTHING.includes(id)) expect([id, components.length > 0]).toEqual([id, true]);
  });

  test('LOG_SOURCE precision: a host collecting event 4104 covers what the PowerShell list pair detects', async () => {
    const pairs = raw.analytic.filter((r) => r.name === 'WinEventLog:PowerShell' && r.channel === 'EventCode=4103, 4104, 4105, 4106');
    expect(pairs.length).toBeGreaterThan(0);
    const row = (await coverage(caches, { techniques: ['T1059.001'], platforms: ['Windows'], precision: 'LOG_SOURCE' })).rows.find(
      (r) => r.technique.id === 'T1059.001',
    )!;
    // Its Windows analytics name PowerShell 4103-4106 and 400, 403, and Sysmon 1 and 7: only W-PS of the
    // four Windows hosts collects one of those (W-SYSMON's 3, 22 are not among them).
    expect(row).toMatchObject({ hostsTotal: 4, hostsCovered: 1 });
    const dc = (await coverage(caches, { techniques: ['T1059.001'], platforms: ['Windows'] })).rows.find(
      (r) => r.technique.id === 'T1059.001',
    )!;
    expect(dc.hostsCovered).toBe(1);
  });

  test('techniqueCoverage shows, per ATT&CK pair, its members and which of them each log source matched', async () => {
    const detail = await techniqueCoverage(caches, 'T1059.001', { platforms: ['Windows'], precision: 'LOG_SOURCE' });
    const ps = detail!.platforms[0].logSources.find(
      (p) => p.name === 'WinEventLog:PowerShell' && p.channel === 'EventCode=4103, 4104, 4105, 4106',
    )!;
    expect(ps.members).toEqual(['EventCode=4103', 'EventCode=4104', 'EventCode=4105', 'EventCode=4106']);
    expect(ps.hosts).toBe(1);
    expect(ps.collectedBy.map((u) => [u.logSource.id, u.monitored, u.matchedMembers])).toEqual([['ps-4104', 1, ['EventCode=4104']]]);
    // Over GraphQL; a data component's uses have no matched members.
    const { techniqueCoverage: t } = await gql(`{ techniqueCoverage(id: "T1059.001", query: {platforms: ["Windows"]}) { platforms {
      dataComponents { collectedBy { logSource { id } matchedMembers } }
      logSources { name channel members hosts collectedBy { logSource { id } matchedMembers } } } } }`);
    const pair = t.platforms[0].logSources.find((p: any) => p.channel === 'EventCode=4103, 4104, 4105, 4106');
    expect(pair).toEqual({
      name: 'WinEventLog:PowerShell',
      channel: 'EventCode=4103, 4104, 4105, 4106',
      members: ps.members,
      hosts: 1,
      collectedBy: [{ logSource: { id: 'ps-4104' }, matchedMembers: ['EventCode=4104'] }],
    });
    const uses = t.platforms[0].dataComponents.flatMap((c: any) => c.collectedBy);
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.every((u: any) => u.matchedMembers === null)).toBe(true);
  });

  test('recommendations: an ATT&CK pair a log source matches is not offered in its place; an idle per-event log source is offered where ATT&CK uses it', async () => {
    const recs = await recommendations(caches, { platforms: ['Windows'], precision: 'LOG_SOURCE' }, 5000);
    expect(
      recs.some((r) => r.logSource === null && r.name === 'WinEventLog:PowerShell' && r.channel === 'EventCode=4103, 4104, 4105, 4106'),
    ).toBe(false);
    const ps = recs.find((r) => r.logSource?.id === 'ps-4104')!;
    expect(ps.closes.some((c) => c.technique.attackId === 'T1059.001' && c.hosts === 3)).toBe(true);
    const idle = recs.find((r) => r.logSource?.id === 'idle-sysmon-22')!;
    expect(idle.platforms).toEqual(['Windows']);
    expect(idle.blindPairs).toBeGreaterThan(0);
  });
});

describeWithShared('the 65 (log, event ID) combinations of ATT&CK 18.1 that occur only inside list channels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-list-only-'));
  const raw = rawReferences();
  // (lower-cased log, event ID) as the analytics write them: alone (EventCode=N) or inside a list.
  const alone = new Set<string>();
  const inLists = new Map<string, { name: string; key: string; value: string }>();
  for (const r of raw.analytic) {
    const m = /^\s*([A-Za-z]+)=\s*(\d+(?:\s*,\s*\d+)*)\s*$/.exec(r.channel ?? '');
    if (!m) continue;
    const values = m[2].split(/\s*,\s*/);
    for (const value of values) {
      const k = `${r.name.toLowerCase()}|${m[1].toLowerCase()}=${value}`;
      if (values.length === 1) alone.add(k);
      else if (!inLists.has(k)) inLists.set(k, { name: r.name, key: m[1], value });
    }
  }
  const only = [...inLists].filter(([k]) => !alone.has(k)).map(([, v]) => v);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopGraphql();
    await closeDriver();
  });

  test('there are 65; each, as its own log source, resolves to the components of every pair naming it, without a warning', async () => {
    expect(only).toHaveLength(65);
    expect(only.some((o) => o.name === 'WinEventLog:PowerShell' && o.value === '4104')).toBe(true);
    const logSources = only.map((o, i) => ({ id: `only-${i}`, name: o.name, channel: `${o.key}=${o.value}` }));
    const file = join(dir, 'inventory.yaml');
    writeFileSync(
      file,
      YAML.stringify({ version: 1, organization: 'List only', assets: [{ id: 'H', platforms: ['Windows'] }], logSources }),
    );
    await resetDb();
    await importShared('enterprise-attack-18.1');
    const { warnings } = await importInventory({ document: file, csv: [] });
    expect(warnings).toEqual([]);
    const { logSources: resolved } = await gql('{ logSources { id dataComponents { stixId } } }');
    const got = new Map(resolved.map((l: any) => [l.id, sorted(l.dataComponents.map((d: any) => d.stixId))]));
    for (const l of logSources) {
      // every ATT&CK reference (analytics' and data components' lists) with this log and this event among its members
      const expected = sorted(new Set(raw.all.filter((r) => oracleMatches(l, r)).map((r) => r.dc)));
      const lists = raw.analytic.filter(
        (r) =>
          r.name.toLowerCase() === l.name.toLowerCase() &&
          new RegExp(`^\\s*${l.channel.split('=')[0]}=.*\\b${l.channel.split('=')[1]}\\b`, 'i').test(r.channel ?? ''),
      );
      expect(lists.length).toBeGreaterThan(0);
      for (const r of lists) expect(expected).toContain(r.dc);
      expect([l.name, l.channel, got.get(l.id)]).toEqual([l.name, l.channel, expected]);
    }
  });
});

describe('an ATT&CK pair without a channel stands for every channel of its name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-channelless-'));
  const ref = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];
  const DC_A = 'x-mitre-data-component--00000000-0000-4000-8000-000000000a01';
  const DC_B = 'x-mitre-data-component--00000000-0000-4000-8000-000000000a02';
  const T = 'attack-pattern--00000000-0000-4000-8000-000000000a03';
  const bundle = {
    type: 'bundle',
    id: 'bundle--00000000-0000-4000-8000-000000000a00',
    objects: [
      {
        type: 'x-mitre-collection',
        id: 'x-mitre-collection--00000000-0000-4000-8000-000000000a09',
        name: 'Enterprise ATT&CK',
        x_mitre_version: '1.0',
      },
      {
        type: 'x-mitre-tactic',
        id: 'x-mitre-tactic--00000000-0000-4000-8000-000000000a08',
        name: 'Execution',
        x_mitre_shortname: 'execution',
        external_references: ref('TA0002'),
      },
      {
        type: 'x-mitre-data-component',
        id: DC_A,
        name: 'Audit A',
        external_references: ref('DC9001'),
        x_mitre_log_sources: [{ name: 'custom:audit' }],
      },
      { type: 'x-mitre-data-component', id: DC_B, name: 'Audit B', external_references: ref('DC9002') },
      {
        type: 'attack-pattern',
        id: T,
        name: 'Something',
        external_references: ref('T9001'),
        x_mitre_platforms: ['Windows'],
        x_mitre_domains: ['enterprise-attack'],
        kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
      },
      {
        type: 'x-mitre-analytic',
        id: 'x-mitre-analytic--00000000-0000-4000-8000-000000000a04',
        name: 'A',
        external_references: ref('AN9001'),
        x_mitre_platforms: ['Windows'],
        x_mitre_log_source_references: [{ x_mitre_data_component_ref: DC_B, name: 'Custom:Audit' }],
      },
      {
        type: 'x-mitre-detection-strategy',
        id: 'x-mitre-detection-strategy--00000000-0000-4000-8000-000000000a05',
        name: 'S',
        external_references: ref('DET9001'),
        x_mitre_analytic_refs: ['x-mitre-analytic--00000000-0000-4000-8000-000000000a04'],
      },
      {
        type: 'relationship',
        id: 'relationship--00000000-0000-4000-8000-000000000a06',
        relationship_type: 'detects',
        source_ref: 'x-mitre-detection-strategy--00000000-0000-4000-8000-000000000a05',
        target_ref: T,
      },
    ],
  };

  beforeAll(async () => {
    await resetDb();
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
    await importAttack(join(dir, 'bundle.json'));
    writeFileSync(
      join(dir, 'inventory.yaml'),
      YAML.stringify({
        version: 1,
        organization: 'Channel-less',
        assets: [
          { id: 'H1', platforms: ['Windows'] },
          { id: 'H2', platforms: ['Windows'] },
          { id: 'H3', platforms: ['Windows'] },
        ],
        logSources: [
          { id: 'audit-login', name: 'custom:audit', channel: 'login' },
          { id: 'audit-all', name: 'CUSTOM:AUDIT' },
          { id: 'other', name: 'custom:other', channel: 'login' },
        ],
        collection: [
          { logSource: 'audit-login', assets: ['H1'], state: 'monitored' },
          { logSource: 'audit-all', assets: ['H2'], state: 'monitored' },
          { logSource: 'other', assets: ['H3'], state: 'monitored' },
        ],
      }),
    );
    await importInventory({ document: join(dir, 'inventory.yaml'), csv: [] });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopGraphql();
    await closeDriver();
  });

  test('a log source with a channel matches it, as one without does; another log does not', async () => {
    const { logSources } = await gql('{ logSources { id dataComponents { attackId } } }');
    expect(logSources.map((l: any) => [l.id, l.dataComponents.map((d: any) => d.attackId).sort()])).toEqual([
      ['audit-all', ['DC9001', 'DC9002']],
      ['audit-login', ['DC9001', 'DC9002']],
      ['other', []],
    ]);
    const row = (await coverage(caches, { precision: 'LOG_SOURCE' })).rows.find((r) => r.technique.id === 'T9001')!;
    expect(row).toMatchObject({ hostsTotal: 3, hostsCovered: 2 });
    const detail = await techniqueCoverage(caches, 'T9001', { precision: 'LOG_SOURCE' });
    expect(
      detail!.platforms[0].logSources.map((p) => [
        p.name,
        p.channel,
        p.members,
        p.collectedBy.map((u) => [u.logSource.id, u.matchedMembers]),
      ]),
    ).toEqual([
      [
        'Custom:Audit',
        null,
        [],
        [
          ['audit-login', []],
          ['audit-all', []],
        ],
      ],
    ]);
  });
});
