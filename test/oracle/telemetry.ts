import { readFileSync } from 'node:fs';
import { OracleInventory, readCsv } from './inventory';

/**
 * The oracle's own reading of a Splunk tstats export against an inventory, straight from
 * TELEMETRY.md and INVENTORY.md v1.1 (not with the importer's code): rows named, hosts matched,
 * evidence per (asset, log source), drift, undeclared observations, unknown hosts. It knows only
 * what the shared samples need: Windows channels, and the three other sourcetypes they hold.
 */

/** INVENTORY.md's spellings table, by channel (lower case). */
const WINDOWS: Record<string, string> = {
  'microsoft-windows-sysmon/operational': 'WinEventLog:Sysmon',
  'microsoft-windows-powershell/operational': 'WinEventLog:PowerShell',
  'windows powershell': 'WinEventLog:PowerShell',
  'microsoft-windows-wmi-activity/operational': 'WinEventLog:WMI',
  'microsoft-windows-taskscheduler/operational': 'WinEventLog:TaskScheduler',
};
/** TELEMETRY.md's required table entries the samples use; `auditd` is the whole family. */
const SOURCETYPES: Record<string, string> = { 'linux:audit': 'auditd', linux_secure: 'linux:syslog', 'aws:cloudtrail': 'AWS:CloudTrail' };

export interface OracleObservation {
  host: string;
  name: string;
  channel: string | null;
  last: number;
}

export function readSplunkObservations(file: string): OracleObservation[] {
  return readCsv(readFileSync(file, 'utf8')).map((r) => {
    const windows = [r.source, r.sourcetype].map((s) => /^(?:xml)?wineventlog:(.+)$/i.exec(s ?? '')).find(Boolean);
    let name: string;
    let channel: string | null = null;
    if (windows) {
      name = WINDOWS[windows[1].toLowerCase()] ?? `WinEventLog:${windows[1]}`;
      channel = r.EventCode ? `EventCode=${r.EventCode}` : null;
    } else {
      name = SOURCETYPES[r.sourcetype.toLowerCase()];
      if (!name) throw new Error(`oracle: no name for sourcetype ${r.sourcetype}`);
    }
    return { host: r.host, name, channel, last: Number(r.lastTime) };
  });
}

/** `KEY=a, b` -> {key=a, key=b}; `a, b` -> {a, b}; anything else: itself; none: null (every channel). */
function members(channel: string | null | undefined): Set<string> | null {
  if (!channel || !channel.trim()) return null;
  const text = channel.trim();
  const keyed = /^([A-Za-z]+)=(.*)$/.exec(text);
  const ok = (vs: string[]) => vs.every((v) => v.length > 0 && !/[\s=,]/.test(v));
  if (keyed) {
    const values = keyed[2].split(',').map((v) => v.trim());
    if (ok(values)) return new Set(values.map((v) => `${keyed[1].toLowerCase()}=${v}`));
  }
  const tokens = text.split(',').map((v) => v.trim());
  if (ok(tokens)) return new Set(tokens);
  return new Set([text]);
}

/** A Windows log under any spelling (either prefix, a channel's full name) as ATT&CK names it; other names as they are. */
const canonical = (name: string) => {
  const windows = /^(?:xml)?wineventlog:(.+)$/i.exec(name);
  return (windows ? (WINDOWS[windows[1].toLowerCase()] ?? `WinEventLog:${windows[1]}`) : name).toLowerCase();
};
const sameName = (logSource: string, observed: string) =>
  observed === 'auditd' ? logSource.toLowerCase().startsWith('auditd:') : canonical(logSource) === canonical(observed);

function evidences(ls: { name?: string; channel?: string }, o: OracleObservation): boolean {
  if (!ls.name || !sameName(ls.name, o.name)) return false;
  const a = members(ls.channel);
  const b = members(o.channel);
  return !a || !b || [...a].some((m) => b.has(m));
}

export interface OracleTelemetry {
  asOf: number;
  /** asset id -> log source id -> latest evidence. */
  evidence: Map<string, Map<string, number>>;
  /** Unknown hosts, by short name. */
  unknown: Set<string>;
  /** "name|channel" -> asset ids sending it undeclared. */
  undeclared: Map<string, Set<string>>;
  hostsMatched: number;
}

const lower = (s: string) => s.toLowerCase();
const short = (s: string) => lower(s).split('.')[0];

/** The asset a host is: by id or hostname, else by a short name no other asset shares. */
export function oracleAssetOf(inventory: OracleInventory, host: string): string | undefined {
  const exact = inventory.assets.filter((a) => lower(a.id) === lower(host) || (a.hostname && lower(a.hostname) === lower(host)));
  if (exact.length === 1) return exact[0].id;
  if (exact.length > 1) return undefined;
  const byShort = inventory.assets.filter((a) => short(a.id) === short(host) || (a.hostname && short(a.hostname) === short(host)));
  return byShort.length === 1 ? byShort[0].id : undefined;
}

export function oracleTelemetry(inventory: OracleInventory, observations: OracleObservation[]): OracleTelemetry {
  const assetOf = (host: string) => oracleAssetOf(inventory, host);
  const evidence = new Map<string, Map<string, number>>();
  const unknown = new Set<string>();
  const undeclared = new Map<string, Set<string>>();
  const matched = new Set<string>();
  for (const o of observations) {
    const asset = assetOf(o.host);
    if (!asset) {
      unknown.add(short(o.host));
      continue;
    }
    matched.add(asset);
    const declared = inventory.collects.get(asset)!;
    let any = false;
    for (const ls of inventory.logSources) {
      if (!declared.has(ls.id) || !evidences(ls, o)) continue;
      any = true;
      if (!evidence.has(asset)) evidence.set(asset, new Map());
      const m = evidence.get(asset)!;
      m.set(ls.id, Math.max(m.get(ls.id) ?? -Infinity, o.last));
    }
    if (!any) {
      const key = `${o.name}|${o.channel ?? ''}`;
      if (!undeclared.has(key)) undeclared.set(key, new Set());
      undeclared.get(key)!.add(asset);
    }
  }
  return { asOf: Math.max(...observations.map((o) => o.last)), evidence, unknown, undeclared, hostsMatched: matched.size };
}

export interface OracleDrift {
  id: string;
  declared: number;
  fresh: number;
  stale: number;
  neverSeen: number;
}

/** Per log source declared on some host at minRank or above: hosts fresh (last seen >= asOf - days), stale, never seen. */
export function oracleDrift(inventory: OracleInventory, t: OracleTelemetry, minRank: number, days: number): OracleDrift[] {
  const since = t.asOf - days * 86_400;
  return inventory.logSources
    .map((ls) => {
      const d: OracleDrift = { id: ls.id, declared: 0, fresh: 0, stale: 0, neverSeen: 0 };
      for (const a of inventory.assets) {
        if ((inventory.collects.get(a.id)!.get(ls.id) ?? 0) < minRank) continue;
        d.declared += 1;
        const seen = t.evidence.get(a.id)?.get(ls.id);
        if (seen === undefined) d.neverSeen += 1;
        else if (seen >= since) d.fresh += 1;
        else d.stale += 1;
      }
      return d;
    })
    .filter((d) => d.declared > 0)
    .sort((x, y) => (x.id < y.id ? -1 : 1));
}
