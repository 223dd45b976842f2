import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { randomTools } from '../support/random';
import { OracleRelease } from './attack';
import { OTHER_SPELLINGS } from './log-sources';

/**
 * Seeded inventories that exercise every clause the oracle checks: platform aliases and odd
 * spellings, every selector kind, "*" and id lists, controls with several deployments, explicit
 * rows inline and in CSV, log sources resolving by (name, channel), by name alone, by data
 * component id or name, by pre-v10 data source strings, and not at all.
 */
const PLATFORMS = [
  ['Windows'],
  ['Windows'],
  ['Windows'],
  ['windows'],
  ['Linux'],
  ['Linux'],
  ['macOS'],
  ['Linux', 'Containers'],
  ['ESXi'],
  ['Network Devices'],
  ['Network'],
  ['AWS'],
  ['Azure'],
  ['GCP'],
  ['IaaS'],
  ['Office 365'],
  ['Office Suite'],
  ['Google Workspace'],
  ['Entra ID'],
  ['Azure AD'],
  ['Identity Provider'],
  ['SaaS'],
  ['Windows', 'Linux'],
  ['PRE'],
];
const UNITS = ['Finance', 'IT', 'HR', 'Sales', 'R&D'];
const ENVIRONMENTS = ['prod', 'dev', 'test'];
const CRITICALITIES = ['low', 'medium', 'high', 'critical'];
const TAGS = ['workstation', 'server', 'emea', 'amer', 'apac', 'pci', 'dmz', 'vip'];
const STATES = ['configured', 'tested', 'monitored'];
const DATA_SOURCES = [
  'Process monitoring',
  'File monitoring',
  'process command-line parameters',
  'API monitoring',
  'Windows Registry',
  'Authentication logs',
  'Netflow/Enclave netflow',
  'Windows event logs',
  'PowerShell logs',
  'AWS CloudTrail logs',
  'Office 365 account logs',
];

export interface GeneratedInventory {
  file: string;
  assets: number;
}

type Random = ReturnType<typeof randomTools>;

/** `size` assets (and one whose id differs from another's only by case). */
function makeAssets(rnd: Random, size: number) {
  const assets = Array.from({ length: size }, (_, i) => {
    const asset: Record<string, unknown> = {
      id: `${rnd.pick(['WS', 'SRV', 'CLD'])}-${String(i).padStart(5, '0')}`,
      platforms: rnd.pick(PLATFORMS),
    };
    if (rnd.next() < 0.9) asset.businessUnit = rnd.pick(UNITS);
    if (rnd.next() < 0.8) asset.environment = rnd.pick(ENVIRONMENTS);
    if (rnd.next() < 0.7) asset.criticality = rnd.pick(CRITICALITIES);
    if (rnd.next() < 0.85) asset.tags = rnd.some(TAGS, 3);
    return asset;
  });
  // Ids are case-sensitive: two assets differ only by case.
  assets.push({ id: 'ws-00001', platforms: ['Windows'], tags: ['workstation'] });
  return assets;
}

/** An asset selector of any kind: "*", an id list, or a selector naming one or more keys. */
function selectorOf(rnd: Random, ids: string[]) {
  return (): unknown => {
    const kind = rnd.int(9);
    if (kind === 0) return '*';
    if (kind === 1) return rnd.some(ids, 40);
    const s: Record<string, unknown> = {};
    if (kind === 2 || rnd.next() < 0.4) s.platforms = rnd.pick(PLATFORMS);
    if (kind === 3 || rnd.next() < 0.3) s.tags = rnd.some(TAGS, 2);
    if (kind === 4 || rnd.next() < 0.3) s.businessUnit = rnd.next() < 0.5 ? rnd.pick(UNITS) : rnd.some(UNITS, 2);
    if (kind === 5 || rnd.next() < 0.2) s.environment = rnd.next() < 0.5 ? rnd.pick(ENVIRONMENTS) : rnd.some(ENVIRONMENTS, 2);
    if (kind === 6 || rnd.next() < 0.2) s.criticality = rnd.some(CRITICALITIES, 2);
    if (kind === 7) s.ids = rnd.some(ids, 60);
    if (!Object.keys(s).length) s.platforms = rnd.pick(PLATFORMS);
    return s;
  };
}

/** 70% of the assets inline, the rest in assets.csv; `collection` rows inline, `csvRows` in collection.csv. */
function writeInventory(
  dir: string,
  seed: number,
  assets: Record<string, unknown>[],
  body: Record<string, unknown>,
  csvRows: string[][],
): GeneratedInventory {
  const inline = assets.slice(0, Math.floor(assets.length * 0.7));
  const inCsv = assets.slice(inline.length);
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : ((v as string | undefined) ?? ''));
  writeFileSync(
    join(dir, 'assets.csv'),
    [
      'id,hostname,platforms,os,businessUnit,environment,criticality,tags',
      ...inCsv.map((a) =>
        [
          a.id,
          `${String(a.id).toLowerCase()}.acme.local`,
          cell(a.platforms),
          '',
          cell(a.businessUnit),
          cell(a.environment),
          cell(a.criticality),
          cell(a.tags),
        ].join(','),
      ),
    ].join('\n'),
  );
  writeFileSync(join(dir, 'collection.csv'), ['asset,logSource,state,since', ...csvRows.map((r) => r.join(','))].join('\n'));
  const file = join(dir, 'inventory.yaml');
  writeFileSync(
    file,
    YAML.stringify(
      {
        version: 1,
        organization: `Generated ${seed}`,
        include: ['assets.csv', 'collection.csv'],
        assets: inline,
        ...body,
      },
      { aliasDuplicateObjects: false },
    ),
  );
  return { file, assets: assets.length };
}

/** Writes inventory.yaml (+ assets.csv and collection.csv it includes) under `dir`. `attack` is 18.1, for real (name, channel) pairs. */
export function generateInventory(dir: string, seed: number, attack: OracleRelease, size = 3000): GeneratedInventory {
  const rnd = randomTools(seed);
  mkdirSync(dir, { recursive: true });
  const assets = makeAssets(rnd, size);
  const ids = assets.map((a) => a.id as string);

  const analyticPairs = [...new Map(attack.analyticReferences.map((r) => [`${r.name}|${r.channel ?? ''}`, r])).values()];
  const names = [...new Set(analyticPairs.map((r) => r.name))];
  const components = attack.dataComponents.filter((d) => d.attackId);
  const logSources: Record<string, unknown>[] = [];
  for (let i = 0; i < 16; i += 1) {
    const pair = rnd.pick(analyticPairs);
    logSources.push({
      id: `ls-pair-${i}`,
      name: i % 4 === 0 ? pair.name.toUpperCase() : pair.name,
      ...(pair.channel ? { channel: pair.channel } : {}),
    });
  }
  for (let i = 0; i < 6; i += 1) logSources.push({ id: `ls-name-${i}`, name: rnd.pick(names) });
  for (let i = 0; i < 4; i += 1) logSources.push({ id: `ls-dc-id-${i}`, dataComponents: rnd.some(components, 2).map((d) => d.attackId!) });
  for (let i = 0; i < 4; i += 1) logSources.push({ id: `ls-dc-name-${i}`, dataComponents: [rnd.pick(components).name] });
  for (let i = 0; i < 6; i += 1) {
    logSources.push({ id: `ls-ds-${i}`, name: rnd.pick(names), dataSources: rnd.some(DATA_SOURCES, 3) });
  }
  logSources.push({ id: 'ls-nothing', name: 'custom:app', channel: 'audit' });
  logSources.push({
    id: 'ls-wrong-channel',
    name: 'WinEventLog:Security',
    channel: 'EventCode=99999',
    dataComponents: ['Process Creation'],
  });
  const logSourceIds = logSources.map((l) => l.id as string);

  const selector = selectorOf(rnd, ids);
  const controls = ['EDR', 'AV', 'NDR', 'CASB', 'Proxy', 'SIEM agent'].map((type, i) => ({
    id: `ctl-${i}`,
    name: `${type} product`,
    type,
    produces: rnd.some(logSourceIds, 3),
    deployments: Array.from({ length: 1 + rnd.int(3) }, () => ({ assets: selector(), state: rnd.pick(STATES) })),
  }));
  const collection = Array.from({ length: 45 }, () => ({
    logSource: rnd.pick(logSourceIds),
    assets: selector(),
    state: rnd.pick(STATES),
    ...(rnd.next() < 0.3 ? { since: '2026-01-15' } : {}),
  }));
  const csvRows = Array.from({ length: size }, () => [
    rnd.pick(ids),
    rnd.pick(logSourceIds),
    rnd.pick(STATES),
    rnd.next() < 0.5 ? '2026-02-01' : '',
  ]);
  return writeInventory(dir, seed, assets, { logSources, controls, collection }, csvRows);
}

const LIST = /^([A-Za-z]+)=\s*([^\s=,]+(?:\s*,\s*[^\s=,]+)*)$|^[^\s=,]+(?:\s*,\s*[^\s=,]+)*$/;

/**
 * An inventory written the way the seed asks: one log source per (log, event ID), as a SOC's SIEM
 * lists what it collects. Every event ID ATT&CK 18.1's analytics name for a Windows log (inside a
 * list or alone), a sample of the other logs' list members (syscalls, CloudTrail events, Zeek
 * logs...), spelt as exports do (`XmlWinEventLog:`, channels' full names, `eventcode=`, upper
 * case); plus a few grouped (`EventCode=4624, 4648`), channel-less, free-text and unknown entries.
 */
export function generateEventInventory(dir: string, seed: number, attack: OracleRelease, size = 3000): GeneratedInventory {
  const rnd = randomTools(seed);
  mkdirSync(dir, { recursive: true });
  const assets = makeAssets(rnd, size);
  const ids = assets.map((a) => a.id as string);

  // (name, member) as ATT&CK writes them, from the analytics' pairs.
  const members = new Map<string, { name: string; member: string }>();
  for (const r of attack.analyticReferences) {
    const channel = (r.channel ?? '').trim();
    const list = LIST.exec(channel);
    if (!list) continue;
    const values = (list[2] ?? channel).split(/\s*,\s*/).map((v) => (list[1] ? `${list[1]}=${v}` : v));
    for (const member of values) {
      const k = `${r.name.toLowerCase()}|${member}`;
      if (!members.has(k)) members.set(k, { name: r.name, member });
    }
  }
  const all = [...members.values()].sort((a, b) => `${a.name}|${a.member}`.localeCompare(`${b.name}|${b.member}`));
  const windows = all.filter((m) => /^wineventlog:/i.test(m.name) && /^EventCode=/.test(m.member));
  const others = all.filter((m) => !/^wineventlog:/i.test(m.name));
  const chosen = [...windows, ...Array.from({ length: 60 }, () => rnd.pick(others))];

  const longNames = new Map<string, string[]>();
  for (const [other, name] of OTHER_SPELLINGS) longNames.set(name.toLowerCase(), [...(longNames.get(name.toLowerCase()) ?? []), other]);
  const spell = (name: string) => {
    const r = rnd.next();
    const long = longNames.get(name.toLowerCase());
    if (r < 0.2 && long) return rnd.pick(long);
    if (r < 0.4 && /^wineventlog:/i.test(name)) return `XmlWinEventLog:${name.slice('WinEventLog:'.length)}`;
    if (r < 0.5) return name.toUpperCase();
    return name;
  };
  const logSources: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const { name, member } of chosen) {
    const id = `ev:${name}:${member}`.toLowerCase().replace(/[^a-z0-9:=._-]+/g, '-');
    if (seen.has(id)) continue;
    seen.add(id);
    const channel = rnd.next() < 0.15 ? member.replace(/^EventCode=/, 'eventcode=') : member;
    logSources.push({ id, name: spell(name), channel });
  }
  logSources.push({ id: 'grp-sec-logon', name: 'WinEventLog:Security', channel: 'EventCode=4624, 4648' });
  logSources.push({ id: 'grp-sysmon-net', name: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', channel: 'EventCode=3,22' });
  logSources.push({ id: 'grp-auditd-file', name: 'auditd:SYSCALL', channel: 'open, write, unlink' });
  logSources.push({ id: 'all-applocker', name: 'WinEventLog:Microsoft-Windows-AppLocker/EXE and DLL' });
  logSources.push({ id: 'all-ps-classic', name: 'XmlWinEventLog:Windows PowerShell' });
  logSources.push({ id: 'all-cloudtrail', name: 'aws:cloudtrail' });
  const freeText = attack.analyticReferences.filter((r) => r.channel && !LIST.test(r.channel.trim()));
  for (let i = 0; i < 4; i += 1) {
    const r = rnd.pick(freeText);
    logSources.push({ id: `text-${i}`, name: r.name, channel: r.channel });
  }
  logSources.push({ id: 'none-sec-99999', name: 'WinEventLog:Security', channel: 'EventCode=99999' });
  logSources.push({ id: 'none-custom', name: 'XmlWinEventLog:Microsoft-Windows-Custom/Operational', channel: 'EventCode=1' });
  const logSourceIds = logSources.map((l) => l.id as string);

  // Windows events mostly on Windows hosts, the rest anywhere; then a CMDB-like CSV of single rows.
  const selector = selectorOf(rnd, ids);
  const collection = logSources.map((l) => ({
    logSource: l.id,
    assets:
      /wineventlog:/i.test(String(l.name)) && rnd.next() < 0.7
        ? { platforms: ['Windows'], ...(rnd.next() < 0.5 ? { tags: rnd.some(TAGS, 1) } : {}) }
        : selector(),
    state: rnd.pick(STATES),
  }));
  const csvRows = Array.from({ length: size }, () => [rnd.pick(ids), rnd.pick(logSourceIds), rnd.pick(STATES), '']);
  return writeInventory(dir, seed, assets, { logSources, collection }, csvRows);
}
