import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { randomTools } from '../support/random';
import type { OracleRelease } from './attack';

/**
 * Seeded inventories that exercise every clause the oracle checks: platform aliases and odd
 * spellings, every selector kind, "*" and id lists, controls with several deployments, explicit
 * rows inline and in CSV, log sources resolving by (name, channel), by name alone, by data
 * component id or name, by pre-v10 data source strings, and not at all.
 */
const PLATFORMS = [
  ['Windows'], ['Windows'], ['Windows'], ['windows'], ['Linux'], ['Linux'], ['macOS'], ['Linux', 'Containers'], ['ESXi'],
  ['Network Devices'], ['Network'], ['AWS'], ['Azure'], ['GCP'], ['IaaS'], ['Office 365'], ['Office Suite'], ['Google Workspace'],
  ['Entra ID'], ['Azure AD'], ['Identity Provider'], ['SaaS'], ['Windows', 'Linux'], ['PRE'],
];
const UNITS = ['Finance', 'IT', 'HR', 'Sales', 'R&D'];
const ENVIRONMENTS = ['prod', 'dev', 'test'];
const CRITICALITIES = ['low', 'medium', 'high', 'critical'];
const TAGS = ['workstation', 'server', 'emea', 'amer', 'apac', 'pci', 'dmz', 'vip'];
const STATES = ['configured', 'tested', 'monitored'];
const DATA_SOURCES = ['Process monitoring', 'File monitoring', 'process command-line parameters', 'API monitoring', 'Windows Registry',
  'Authentication logs', 'Netflow/Enclave netflow', 'Windows event logs', 'PowerShell logs', 'AWS CloudTrail logs', 'Office 365 account logs'];

export interface GeneratedInventory { file: string; assets: number }

/** Writes inventory.yaml (+ assets.csv and collection.csv it includes) under `dir`. `attack` is 18.1, for real (name, channel) pairs. */
export function generateInventory(dir: string, seed: number, attack: OracleRelease, size = 3000): GeneratedInventory {
  const rnd = randomTools(seed);
  mkdirSync(dir, { recursive: true });

  const assets = Array.from({ length: size }, (_, i) => {
    const asset: Record<string, unknown> = { id: `${rnd.pick(['WS', 'SRV', 'CLD'])}-${String(i).padStart(5, '0')}`, platforms: rnd.pick(PLATFORMS) };
    if (rnd.next() < 0.9) asset.businessUnit = rnd.pick(UNITS);
    if (rnd.next() < 0.8) asset.environment = rnd.pick(ENVIRONMENTS);
    if (rnd.next() < 0.7) asset.criticality = rnd.pick(CRITICALITIES);
    if (rnd.next() < 0.85) asset.tags = rnd.some(TAGS, 3);
    return asset;
  });
  // Ids are case-sensitive: two assets differ only by case.
  assets.push({ id: 'ws-00001', platforms: ['Windows'], tags: ['workstation'] });
  const ids = assets.map((a) => a.id as string);

  const analyticPairs = [...new Map(attack.analyticReferences.map((r) => [`${r.name}|${r.channel ?? ''}`, r])).values()];
  const names = [...new Set(analyticPairs.map((r) => r.name))];
  const components = attack.dataComponents.filter((d) => d.attackId);
  const logSources: Record<string, unknown>[] = [];
  for (let i = 0; i < 16; i += 1) {
    const pair = rnd.pick(analyticPairs);
    logSources.push({ id: `ls-pair-${i}`, name: i % 4 === 0 ? pair.name.toUpperCase() : pair.name, ...(pair.channel ? { channel: pair.channel } : {}) });
  }
  for (let i = 0; i < 6; i += 1) logSources.push({ id: `ls-name-${i}`, name: rnd.pick(names) });
  for (let i = 0; i < 4; i += 1) logSources.push({ id: `ls-dc-id-${i}`, dataComponents: rnd.some(components, 2).map((d) => d.attackId!) });
  for (let i = 0; i < 4; i += 1) logSources.push({ id: `ls-dc-name-${i}`, dataComponents: [rnd.pick(components).name] });
  for (let i = 0; i < 6; i += 1) {
    logSources.push({ id: `ls-ds-${i}`, name: rnd.pick(names), dataSources: rnd.some(DATA_SOURCES, 3) });
  }
  logSources.push({ id: 'ls-nothing', name: 'custom:app', channel: 'audit' });
  logSources.push({ id: 'ls-wrong-channel', name: 'WinEventLog:Security', channel: 'EventCode=99999', dataComponents: ['Process Creation'] });
  const logSourceIds = logSources.map((l) => l.id as string);

  const selector = (): unknown => {
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

  const controls = ['EDR', 'AV', 'NDR', 'CASB', 'Proxy', 'SIEM agent'].map((type, i) => ({
    id: `ctl-${i}`, name: `${type} product`, type,
    produces: rnd.some(logSourceIds, 3),
    deployments: Array.from({ length: 1 + rnd.int(3) }, () => ({ assets: selector(), state: rnd.pick(STATES) })),
  }));
  const collection = Array.from({ length: 45 }, () => ({
    logSource: rnd.pick(logSourceIds), assets: selector(), state: rnd.pick(STATES), ...(rnd.next() < 0.3 ? { since: '2026-01-15' } : {}),
  }));

  const inline = assets.slice(0, Math.floor(assets.length * 0.7));
  const inCsv = assets.slice(inline.length);
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : (v as string | undefined) ?? '');
  writeFileSync(join(dir, 'assets.csv'), [
    'id,hostname,platforms,os,businessUnit,environment,criticality,tags',
    ...inCsv.map((a) => [a.id, `${String(a.id).toLowerCase()}.acme.local`, cell(a.platforms), '', cell(a.businessUnit), cell(a.environment), cell(a.criticality), cell(a.tags)].join(',')),
  ].join('\n'));
  writeFileSync(join(dir, 'collection.csv'), [
    'asset,logSource,state,since',
    ...Array.from({ length: size }, () => [rnd.pick(ids), rnd.pick(logSourceIds), rnd.pick(STATES), rnd.next() < 0.5 ? '2026-02-01' : ''].join(',')),
  ].join('\n'));
  const file = join(dir, 'inventory.yaml');
  writeFileSync(file, YAML.stringify({
    version: 1, organization: `Generated ${seed}`, include: ['assets.csv', 'collection.csv'],
    assets: inline, logSources, controls, collection,
  }, { aliasDuplicateObjects: false }));
  return { file, assets: assets.length };
}
