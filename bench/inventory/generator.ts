import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { random } from '../../test/support/random';

/**
 * A seeded, realistic enterprise inventory of any size, for benchmarks: workstations,
 * servers, domain controllers, Kubernetes nodes, hypervisors, network devices and cloud accounts,
 * each role with the log sources such hosts really send (ATT&CK v18 names and channels), rolled
 * out in a few variants, so hosts group into a realistic number of coverage profiles.
 * Same seed and count, same files.
 */

export interface GeneratedLogSource {
  id: string;
  name?: string;
  channel?: string;
  dataComponents?: string[];
}

/** v18 (name, channel) pairs of the 18.1 analytics, and a few sources known only by data component. */
export const LOG_SOURCES: GeneratedLogSource[] = [
  ...[
    ['win-sec-4688', 'EventCode=4688'],
    ['win-sec-4624', 'EventCode=4624, 4648'],
    ['win-sec-4663', 'EventCode=4663, 4670, 4656'],
    ['win-sec-4657', 'EventCode=4657'],
    ['win-sec-4672', 'EventCode=4672'],
    ['win-sec-4768', 'EventCode=4768'],
    ['win-sec-4769', 'EventCode=4769'],
  ].map(([id, channel]) => ({ id, name: 'WinEventLog:Security', channel })),
  ...[
    ['sysmon-1', 'EventCode=1'],
    ['sysmon-3', 'EventCode=3, 22'],
    ['sysmon-7', 'EventCode=7'],
    ['sysmon-8', 'EventCode=8'],
    ['sysmon-10', 'EventCode=10'],
    ['sysmon-11', 'EventCode=11'],
    ['sysmon-13', 'EventCode=13, 14'],
    ['sysmon-15', 'EventCode=15'],
    ['sysmon-2', 'EventCode=2'],
    ['sysmon-6', 'EventCode=6'],
  ].map(([id, channel]) => ({ id, name: 'WinEventLog:Sysmon', channel })),
  { id: 'win-ps-4104', name: 'WinEventLog:PowerShell', channel: 'EventCode=4103, 4104, 4105, 4106' },
  { id: 'win-sys-7045', name: 'WinEventLog:System', channel: 'EventCode=7045' },
  { id: 'win-task-106', name: 'WinEventLog:TaskScheduler', channel: 'EventCode=106' },
  { id: 'win-wmi', name: 'WinEventLog:WMI', channel: 'EventCode=5857, 5858, 5860, 5861' },
  { id: 'win-applocker', name: 'WinEventLog:AppLocker', channel: 'EventCode=8003, 8004' },
  { id: 'win-codeintegrity', name: 'WinEventLog:CodeIntegrity', channel: 'EventCode=3033' },
  { id: 'win-winrm', name: 'WinEventLog:WinRM', channel: 'EventCode=6' },
  { id: 'win-smb-31001', name: 'WinEventLog:Microsoft-Windows-SMBClient/Security', channel: 'EventCode=31001' },
  { id: 'win-defender', name: 'WinEventLog:Microsoft-Windows-Windows Defender/Operational' },
  { id: 'win-bits', name: 'WinEventLog:Microsoft-Windows-Bits-Client/Operational' },
  ...[
    ['auditd-execve', 'execve'],
    ['auditd-open', 'open'],
    ['auditd-write', 'write'],
    ['auditd-connect', 'connect'],
    ['auditd-creat', 'creat'],
    ['auditd-open-write', 'open, write'],
    ['auditd-open-read', 'open, read'],
    ['auditd-socket', 'socket/connect'],
  ].map(([id, channel]) => ({ id, name: 'auditd:SYSCALL', channel })),
  { id: 'auditd-exec-args', name: 'auditd:EXECVE', channel: 'execve' },
  { id: 'auditd-path', name: 'auditd:PATH', channel: 'PATH' },
  { id: 'auditd-login', name: 'auditd:USER_LOGIN' },
  { id: 'auditd-config', name: 'auditd:CONFIG_CHANGE' },
  { id: 'linux-osquery-files', name: 'linux:osquery', channel: 'file_events' },
  { id: 'linux-syslog', name: 'linux:syslog' },
  { id: 'linux-cron', name: 'linux:cron', channel: 'cron activity' },
  { id: 'linux-sysmon-1', name: 'linux:Sysmon', channel: 'EventCode=1' },
  { id: 'macos-osquery-process', name: 'macos:osquery', channel: 'process_events' },
  { id: 'macos-osquery-files', name: 'macos:osquery', channel: 'file_events' },
  { id: 'macos-osquery-sockets', name: 'macos:osquery', channel: 'socket_events' },
  { id: 'macos-es-exec', name: 'macos:endpointsecurity', channel: 'ES_EVENT_TYPE_NOTIFY_EXEC' },
  { id: 'macos-unifiedlog', name: 'macos:unifiedlog' },
  { id: 'k8s-audit', name: 'kubernetes:audit' },
  { id: 'k8s-apiserver', name: 'kubernetes:apiserver' },
  { id: 'docker-runtime', name: 'docker:runtime' },
  { id: 'esxi-vmkernel', name: 'esxi:vmkernel', channel: '/var/log/vmkernel.log' },
  { id: 'esxi-shell', name: 'esxi:shell', channel: '/var/log/shell.log' },
  { id: 'esxi-hostd', name: 'esxi:hostd', channel: '/var/log/hostd.log' },
  { id: 'net-syslog', name: 'networkdevice:syslog' },
  { id: 'net-cli', name: 'networkdevice:cli', channel: 'command logging' },
  { id: 'net-firewall', name: 'networkdevice:Firewall' },
  { id: 'aws-cloudtrail', name: 'AWS:CloudTrail' },
  { id: 'azure-activity', name: 'azure:activity' },
  { id: 'nsm-flow', name: 'NSM:Flow', channel: 'conn.log' },
  { id: 'edr-process', dataComponents: ['DC0032', 'DC0064', 'DC0033'] },
  { id: 'edr-network', dataComponents: ['DC0082'] },
  { id: 'edr-file', dataComponents: ['DC0039', 'DC0061', 'DC0040'] },
  { id: 'edr-registry', dataComponents: ['DC0063', 'DC0056'] },
  { id: 'av-scan', dataComponents: ['File Metadata'] },
  { id: 'proxy-http', dataComponents: ['Network Traffic Content'] },
];

interface Role {
  name: string;
  weight: number;
  platforms: string[];
  tags: string[];
  prefix: string;
  os: string[];
  criticality: string[];
  /** Explicit collection rows of a host of this role: log source ids, monitored unless the variant says otherwise. */
  sources: string[];
}

const WIN_WS = [
  'win-sec-4688',
  'win-sec-4624',
  'win-sec-4663',
  'win-sec-4657',
  'win-sec-4672',
  'sysmon-1',
  'sysmon-3',
  'sysmon-7',
  'sysmon-10',
  'sysmon-11',
  'sysmon-13',
  'win-ps-4104',
  'win-sys-7045',
  'win-task-106',
  'win-wmi',
  'win-applocker',
  'win-defender',
  'win-bits',
  'win-codeintegrity',
  'win-winrm',
  'win-smb-31001',
  'sysmon-8',
  'sysmon-15',
  'sysmon-2',
  'sysmon-6',
  'proxy-http',
];
const WIN_SRV = [...WIN_WS.filter((s) => s !== 'win-applocker' && s !== 'proxy-http'), 'nsm-flow', 'win-sec-4768'];
const LINUX = [
  'auditd-execve',
  'auditd-open',
  'auditd-write',
  'auditd-connect',
  'auditd-creat',
  'auditd-exec-args',
  'auditd-path',
  'auditd-login',
  'auditd-config',
  'auditd-open-write',
  'auditd-open-read',
  'auditd-socket',
  'linux-osquery-files',
  'linux-syslog',
  'linux-cron',
  'linux-sysmon-1',
  'nsm-flow',
];
const MAC = ['macos-osquery-process', 'macos-osquery-files', 'macos-osquery-sockets', 'macos-es-exec', 'macos-unifiedlog', 'proxy-http'];

export const ROLES: Role[] = [
  {
    name: 'windows-workstation',
    weight: 460,
    platforms: ['Windows'],
    tags: ['workstation'],
    prefix: 'ws',
    os: ['Windows 11 23H2', 'Windows 11 24H2', 'Windows 10 22H2'],
    criticality: ['low', 'medium'],
    sources: WIN_WS,
  },
  {
    name: 'macos-workstation',
    weight: 80,
    platforms: ['macOS'],
    tags: ['workstation'],
    prefix: 'mac',
    os: ['macOS 14 Sonoma', 'macOS 15 Sequoia'],
    criticality: ['low', 'medium'],
    sources: MAC,
  },
  {
    name: 'windows-server',
    weight: 120,
    platforms: ['Windows'],
    tags: ['server'],
    prefix: 'wsrv',
    os: ['Windows Server 2022', 'Windows Server 2019'],
    criticality: ['medium', 'high'],
    sources: WIN_SRV,
  },
  {
    name: 'domain-controller',
    weight: 4,
    platforms: ['Windows'],
    tags: ['server', 'domain-controller'],
    prefix: 'dc',
    os: ['Windows Server 2022'],
    criticality: ['critical'],
    sources: [...WIN_SRV, 'win-sec-4769'],
  },
  {
    name: 'linux-server',
    weight: 220,
    platforms: ['Linux'],
    tags: ['server'],
    prefix: 'lx',
    os: ['Ubuntu 22.04', 'RHEL 9', 'Debian 12'],
    criticality: ['medium', 'high'],
    sources: LINUX,
  },
  {
    name: 'kubernetes-node',
    weight: 30,
    platforms: ['Containers', 'Linux'],
    tags: ['server', 'kubernetes'],
    prefix: 'k8s',
    os: ['Ubuntu 22.04'],
    criticality: ['high'],
    sources: [...LINUX, 'k8s-audit', 'k8s-apiserver', 'docker-runtime'],
  },
  {
    name: 'esxi-host',
    weight: 20,
    platforms: ['ESXi'],
    tags: ['hypervisor'],
    prefix: 'esx',
    os: ['ESXi 8.0'],
    criticality: ['high', 'critical'],
    sources: ['esxi-vmkernel', 'esxi-shell', 'esxi-hostd', 'nsm-flow'],
  },
  {
    name: 'network-device',
    weight: 60,
    platforms: ['Network Devices'],
    tags: ['network'],
    prefix: 'net',
    os: ['Cisco IOS XE 17', 'PAN-OS 11', 'FortiOS 7.4'],
    criticality: ['high'],
    sources: ['net-syslog', 'net-cli', 'net-firewall', 'nsm-flow'],
  },
  {
    name: 'cloud-account',
    weight: 6,
    platforms: ['IaaS'],
    tags: ['cloud'],
    prefix: 'acct',
    os: [],
    criticality: ['critical'],
    sources: ['aws-cloudtrail', 'azure-activity'],
  },
];

export const BUSINESS_UNITS = ['Finance', 'Sales', 'Engineering', 'HR', 'IT', 'Operations', 'Legal', 'Marketing'];
export const ENVIRONMENTS = ['prod', 'prod', 'prod', 'staging', 'dev'];
export const REGIONS = ['emea', 'amer', 'apac'];
const STATES = ['configured', 'tested', 'monitored'] as const;

const pick = <T>(rand: () => number, list: readonly T[]) => list[Math.floor(rand() * list.length)];

/** Rollout variants of a role: variant 0 is the standard build; others lack a few sources or hold some below monitored. */
const VARIANT_WEIGHTS = [40, 20, 12, 10, 8, 5, 3, 2];
function variants(role: Role, seed: number): Map<string, number>[] {
  const rand = random(seed);
  return VARIANT_WEIGHTS.map((_, v) => {
    const states = new Map(role.sources.map((s) => [s, 3]));
    if (v === 0) return states;
    for (let i = 0; i < 1 + (v % 3); i += 1) states.delete(pick(rand, role.sources));
    for (let i = 0; i < 1 + (v % 4); i += 1) {
      const s = pick(rand, role.sources);
      if (states.has(s)) states.set(s, 1 + Math.floor(rand() * 2));
    }
    return states;
  });
}

export interface GeneratedAsset {
  id: string;
  hostname: string;
  platforms: string[];
  os: string;
  businessUnit: string;
  environment: string;
  criticality: string;
  tags: string[];
  /** Explicit collection: log source id -> rank (1 configured, 2 tested, 3 monitored). */
  collects: Map<string, number>;
}

/** The assets, one at a time (100k assets never sit in memory together). */
export function* generateAssets(seed: number, count: number): Generator<GeneratedAsset> {
  const rand = random(seed);
  const total = ROLES.reduce((n, r) => n + r.weight, 0);
  const roleVariants = ROLES.map((r, i) => variants(r, seed + i));
  const variantTotal = VARIANT_WEIGHTS.reduce((n, w) => n + w, 0);
  const counters = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    let x = rand() * total;
    const r = ROLES.findIndex((role) => (x -= role.weight) < 0);
    const role = ROLES[r === -1 ? 0 : r];
    let y = rand() * variantTotal;
    const v = VARIANT_WEIGHTS.findIndex((w) => (y -= w) < 0);
    const collects = new Map(roleVariants[ROLES.indexOf(role)][v === -1 ? 0 : v]);
    // One host in a hundred deviates: a source missing or at another state.
    if (rand() < 0.01) {
      const s = pick(rand, role.sources);
      if (rand() < 0.5) collects.delete(s);
      else collects.set(s, 1 + Math.floor(rand() * 3));
    }
    const n = (counters.get(role.prefix) ?? 0) + 1;
    counters.set(role.prefix, n);
    const id = `${role.prefix.toUpperCase()}-${String(n).padStart(6, '0')}`;
    const platforms = role.name === 'cloud-account' ? [pick(rand, ['AWS', 'Azure', 'GCP'])] : role.platforms;
    yield {
      id,
      hostname: role.name === 'cloud-account' ? `${id.toLowerCase()}.cloud` : `${id.toLowerCase()}.corp.example`,
      platforms,
      os: role.os.length ? pick(rand, role.os) : '',
      businessUnit: pick(rand, BUSINESS_UNITS),
      environment: pick(rand, ENVIRONMENTS),
      criticality: pick(rand, role.criticality),
      tags: [...role.tags, pick(rand, REGIONS)],
      collects,
    };
  }
}

/** Controls by selector: they add collection beyond the CSV rows (EDR and AV on hosts, NDR on the network, a proxy). */
export const CONTROLS = [
  {
    id: 'edr',
    name: 'CrowdStrike Falcon',
    type: 'EDR',
    produces: ['edr-process', 'edr-network', 'edr-file', 'edr-registry'],
    deployments: [
      { assets: { tags: ['workstation'] }, state: 'monitored' },
      { assets: { tags: ['server'], environment: ['prod'] }, state: 'monitored' },
      { assets: { tags: ['server'], environment: ['staging', 'dev'] }, state: 'tested' },
    ],
  },
  {
    id: 'av',
    name: 'Microsoft Defender Antivirus',
    type: 'AV',
    produces: ['av-scan'],
    deployments: [{ assets: { platforms: ['Windows'] }, state: 'configured' }],
  },
  {
    id: 'ndr',
    name: 'Zeek sensors',
    type: 'NDR',
    produces: ['nsm-flow'],
    deployments: [{ assets: { platforms: ['Network Devices'] }, state: 'monitored' }],
  },
  {
    id: 'proxy',
    name: 'Zscaler Internet Access',
    type: 'Proxy',
    produces: ['proxy-http'],
    deployments: [{ assets: { tags: ['workstation'] }, state: 'tested' }],
  },
];

export interface GeneratorOptions {
  /** Where to write (created); default a fresh temp dir. */
  dir?: string;
  organization?: string;
  /** Put the assets in the YAML document instead of assets.csv (small inventories). */
  assetsInYaml?: boolean;
}

export interface GeneratedInventory {
  dir: string;
  document: string;
  files: string[];
  assets: number;
  collectionRows: number;
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const day = (rand: () => number) => new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 800) * 86_400_000).toISOString().slice(0, 10);

/** Writes inventory.yaml (log sources, controls, include), assets.csv and collection.csv. */
export async function generateInventory(seed: number, count: number, options: GeneratorOptions = {}): Promise<GeneratedInventory> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'attack-kg-inventory-'));
  mkdirSync(dir, { recursive: true });
  const rand = random(seed * 31 + 7);
  const assetsCsv = createWriteStream(join(dir, 'assets.csv'));
  const collectionCsv = createWriteStream(join(dir, 'collection.csv'));
  const write = async (stream: NodeJS.WritableStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const yamlAssets: Record<string, unknown>[] = [];
  if (!options.assetsInYaml) await write(assetsCsv, 'id,hostname,platforms,os,businessUnit,environment,criticality,tags\n');
  await write(collectionCsv, 'asset,logSource,state,since\n');
  let collectionRows = 0;
  let assetChunk = '';
  let collectionChunk = '';
  let n = 0;
  for (const a of generateAssets(seed, count)) {
    if (options.assetsInYaml) {
      yamlAssets.push({
        id: a.id,
        hostname: a.hostname,
        platforms: a.platforms,
        ...(a.os ? { os: a.os } : {}),
        businessUnit: a.businessUnit,
        environment: a.environment,
        criticality: a.criticality,
        tags: a.tags,
      });
    } else {
      assetChunk += `${[a.id, a.hostname, a.platforms.join(';'), a.os, a.businessUnit, a.environment, a.criticality, a.tags.join(';')].map(csvCell).join(',')}\n`;
    }
    for (const [ls, rank] of a.collects) {
      collectionChunk += `${a.id},${ls},${STATES[rank - 1]},${rand() < 0.5 ? day(rand) : ''}\n`;
      collectionRows += 1;
    }
    if ((n += 1) % 1000 === 0) {
      await write(assetsCsv, assetChunk);
      await write(collectionCsv, collectionChunk);
      assetChunk = '';
      collectionChunk = '';
    }
  }
  await write(assetsCsv, assetChunk);
  await write(collectionCsv, collectionChunk);
  await Promise.all([assetsCsv, collectionCsv].map((s) => new Promise((resolve) => s.end(resolve))));

  const document = join(dir, 'inventory.yaml');
  const include = options.assetsInYaml ? ['collection.csv'] : ['assets.csv', 'collection.csv'];
  writeFileSync(
    document,
    stringify({
      version: 1,
      organization: options.organization ?? `Generated Corp (seed ${seed}, ${count} assets)`,
      include,
      ...(options.assetsInYaml ? { assets: yamlAssets } : {}),
      logSources: LOG_SOURCES,
      controls: CONTROLS,
    }),
  );
  return { dir, document, files: include.map((f) => join(dir, f)), assets: count, collectionRows };
}
