import { logName, WINDOWS_LOG_SPELLINGS } from '../attack/log-source-match';

/**
 * How a SIEM's summary row becomes ATT&CK's (log name, channel): the name tables of
 * shared/spec/TELEMETRY.md. Windows event logs by their channel (then INVENTORY.md's spellings,
 * in src/attack/log-source-match.ts), other logs through the table below (where each entry comes
 * from: docs/telemetry.md), an organisation's own entries (`--map`) first. Pure: the importer and
 * tests call it; matching names to the inventory is log-source-match's, not this file's.
 */

export const FORMATS = ['splunk', 'elastic', 'sentinel', 'csv'] as const;
export type TelemetryFormat = (typeof FORMATS)[number];
export const isFormat = (value: string): value is TelemetryFormat => (FORMATS as readonly string[]).includes(value);

/** The fields of a row that say which log it is, whatever the format calls them. */
export interface RowSource {
  format: TelemetryFormat;
  /** Splunk's `source`. */
  source?: string | null;
  /** Splunk's `sourcetype`, Elastic's `event.dataset`, Sentinel's `Type` (table), csv's `name`. */
  kind?: string | null;
  /** Elastic's `winlog.channel`, Sentinel's `EventLog`. */
  channel?: string | null;
  /** Splunk's `EventCode`, Elastic's `event.code`, Sentinel's `EventID`; csv's `channel`. */
  code?: string | null;
  /** csv's `logSource`: an inventory log source id. */
  logSource?: string | null;
}

/** One observed log: ATT&CK's name and channel (null: every channel), or an inventory log source by id. */
export interface ObservedLog {
  name: string | null;
  channel: string | null;
  logSource: string | null;
}

/** What a row names: its logs (one, or an inventory log source by id and a name); none = unnamed. */
export interface Naming {
  logs: ObservedLog[];
  label: string;
}

/** A name table entry: ATT&CK's name (or the auditd family), a fixed channel if the entry gives one. */
export interface NameEntry {
  name: string;
  channel?: string | null;
}

/**
 * An organisation's own entry (`--map`): a sourcetype, dataset, table (or csv name) to a name,
 * optionally a channel; `format` limits it to one format.
 */
export interface MapEntry extends NameEntry {
  from: string[];
  format?: TelemetryFormat;
}

/**
 * A table entry meaning "auditd, by record type": the row's event code is the type. Without one
 * the observation keeps this name and stands for every type (as a row without an event code
 * stands for every event of its log): evidence for any `auditd:<TYPE>` log source.
 */
export const AUDITD = 'auditd:*';

/**
 * The names an observed name stands for among `known` (the log names of what it is matched
 * against): every `auditd:<TYPE>` of them for `auditd:*`, whatever types ATT&CK or the inventory
 * spell (18.1 alone has 13), else itself.
 */
export const namesOf = (name: string, known: Iterable<string>): string[] =>
  name === AUDITD ? [...known].filter((n) => n.toLowerCase().startsWith('auditd:') && n !== AUDITD) : [name];

/** Splunk sourcetypes (lower case) to ATT&CK names; Windows sourcetypes go by channel instead. */
export const SPLUNK_SOURCETYPES: Record<string, NameEntry> = {
  'aws:cloudtrail': { name: 'AWS:CloudTrail' },
  'aws:cloudwatchlogs:vpcflow': { name: 'AWS:VPCFlowLogs' },
  'linux:audit': { name: AUDITD },
  auditd: { name: AUDITD },
  linux_secure: { name: 'linux:syslog' },
  syslog: { name: 'linux:syslog' },
  'azure:aad:signin': { name: 'azure:signinlogs' },
  'mscs:azure:audit': { name: 'azure:activity' },
  'o365:management:activity': { name: 'm365:unified' },
  'oktaim2:log': { name: 'Okta:SystemLog' },
};

/** Elastic datasets (`event.dataset`) to ATT&CK names; Windows datasets are used only when `winlog.channel` is empty. */
export const ELASTIC_DATASETS: Record<string, NameEntry> = {
  'system.security': { name: 'WinEventLog:Security' },
  'system.system': { name: 'WinEventLog:System' },
  'system.application': { name: 'WinEventLog:Application' },
  'windows.sysmon_operational': { name: 'WinEventLog:Sysmon' },
  'windows.powershell': { name: 'WinEventLog:PowerShell' },
  'windows.powershell_operational': { name: 'WinEventLog:PowerShell' },
  'windows.windows_defender': { name: 'WinEventLog:Windows Defender' },
  'windows.applocker_exe_and_dll': { name: 'WinEventLog:AppLocker' },
  'windows.applocker_msi_and_script': { name: 'WinEventLog:AppLocker' },
  'windows.applocker_packaged_app_deployment': { name: 'WinEventLog:AppLocker' },
  'windows.applocker_packaged_app_execution': { name: 'WinEventLog:AppLocker' },
  'system.auth': { name: 'linux:syslog' },
  'system.syslog': { name: 'linux:syslog' },
  'auditd.log': { name: AUDITD },
  'aws.cloudtrail': { name: 'AWS:CloudTrail' },
  'aws.vpcflow': { name: 'AWS:VPCFlowLogs' },
  'azure.signinlogs': { name: 'azure:signinlogs' },
  'azure.auditlogs': { name: 'azure:audit' },
  'azure.activitylogs': { name: 'azure:activity' },
  'o365.audit': { name: 'm365:unified' },
  'okta.system': { name: 'Okta:SystemLog' },
  'gcp.audit': { name: 'gcp:audit' },
  'kubernetes.audit_logs': { name: 'kubernetes:audit' },
};

/** Sentinel / Log Analytics tables (`Type`, lower case) to ATT&CK names; SecurityEvent, Event and WindowsEvent go by channel. */
export const SENTINEL_TABLES: Record<string, NameEntry> = {
  syslog: { name: 'linux:syslog' },
  linuxauditlog: { name: AUDITD },
  awscloudtrail: { name: 'AWS:CloudTrail' },
  awsvpcflow: { name: 'AWS:VPCFlowLogs' },
  signinlogs: { name: 'azure:signinlogs' },
  aadnoninteractiveusersigninlogs: { name: 'azure:signinlogs' },
  auditlogs: { name: 'azure:audit' },
  azureactivity: { name: 'azure:activity' },
  officeactivity: { name: 'm365:unified' },
  gcpauditlogs: { name: 'gcp:audit' },
};

const WINDOWS_SOURCE = /^(?:xml)?wineventlog:(.+)$/i;
/** ATT&CK's spelling of a Windows log, by the log it means (`WinEventLog:Microsoft-Windows-Sysmon/Operational` -> `WinEventLog:Sysmon`). */
const ATTACK_SPELLING = new Map(WINDOWS_LOG_SPELLINGS.map(([name]) => [logName(name), name] as const));
/** Channels an export may write in another case than ATT&CK does. */
const CHANNEL_CASE = new Map(['Security', 'System', 'Application', 'Setup'].map((c) => [c.toLowerCase(), c] as const));

const blank = (v: string | null | undefined) => v == null || v.trim() === '';
const trimmed = (v: string | null | undefined) => (blank(v) ? null : v!.trim());
export const isWindowsName = (name: string) => logName(name).startsWith('wineventlog:');

/** A Windows event log's ATT&CK name from its channel: `Microsoft-Windows-PowerShell/Operational` -> `WinEventLog:PowerShell`. */
export function windowsName(channel: string): string {
  const c = channel.trim();
  const formed = `WinEventLog:${CHANNEL_CASE.get(c.toLowerCase()) ?? c}`;
  return ATTACK_SPELLING.get(logName(formed)) ?? formed;
}

/** A name as ATT&CK spells it when it is a Windows log written another way; other names as given. */
export const attackName = (name: string) => {
  const windows = WINDOWS_SOURCE.exec(name.trim());
  return windows ? windowsName(windows[1]) : name.trim();
};

/** The channel a row's event code gives under a name: `EventCode=<id>` for Windows logs, the code itself otherwise. */
export function codeChannel(name: string, code: string | null): string | null {
  if (code === null) return null;
  return isWindowsName(name) && /^\d+$/.test(code) ? `EventCode=${code}` : code;
}

function resolveEntry(entry: NameEntry, code: string | null): ObservedLog[] {
  if (entry.name === AUDITD) {
    const type = code?.replace(/^type=/i, '').toUpperCase();
    return [{ name: type ? `auditd:${type}` : AUDITD, channel: null, logSource: null }];
  }
  const name = attackName(entry.name);
  const channel = entry.channel !== undefined ? trimmed(entry.channel) : codeChannel(name, code);
  return [{ name, channel, logSource: null }];
}

/** The keys a format looks its rows up by in the tables, first match wins: Splunk tries sourcetype then source. */
function lookupKeys(row: RowSource): string[] {
  return [row.kind, row.format === 'splunk' ? row.source : null].map(trimmed).filter((k): k is string => k !== null);
}

const BUILTIN: Record<TelemetryFormat, Record<string, NameEntry>> = {
  splunk: SPLUNK_SOURCETYPES,
  elastic: ELASTIC_DATASETS,
  sentinel: SENTINEL_TABLES,
  csv: {},
};

/** What a row is called in reports when it cannot be named: the fields that failed to. */
function label(row: RowSource): string {
  const parts: [string, string | null | undefined][] = {
    splunk: [
      ['sourcetype', row.kind],
      ['source', row.source],
    ],
    elastic: [
      ['event.dataset', row.kind],
      ['winlog.channel', row.channel],
    ],
    sentinel: [
      ['Type', row.kind],
      ['EventLog', row.channel],
    ],
    csv: [
      ['name', row.kind],
      ['logSource', row.logSource],
    ],
  }[row.format] as [string, string | null | undefined][];
  const given = parts.filter(([, v]) => !blank(v)).map(([k, v]) => `${k}=${v!.trim()}`);
  return given.length ? given.join(' ') : `no ${parts.map(([k]) => k).join(' or ')}`;
}

/** The name tables with an organisation's map in front of them. */
export class NameTable {
  private readonly map: { entry: MapEntry; keys: Set<string> }[];

  constructor(map: readonly MapEntry[] = []) {
    this.map = map.map((entry) => ({ entry, keys: new Set(entry.from.map((f) => f.trim().toLowerCase())) }));
  }

  /** The logs a row names, in the contract's order: the map, Windows channels, the built-in table. */
  name(row: RowSource): Naming {
    const code = trimmed(row.code);
    const keys = lookupKeys(row).map((k) => k.toLowerCase());
    for (const { entry, keys: from } of this.map) {
      if (entry.format && entry.format !== row.format) continue;
      if (keys.some((k) => from.has(k))) return { logs: resolveEntry(entry, code), label: label(row) };
    }
    if (row.format === 'csv') return { logs: this.csv(row, code), label: label(row) };
    const windows = this.windowsChannel(row);
    if (windows) {
      const name = windowsName(windows);
      return { logs: [{ name, channel: codeChannel(name, code), logSource: null }], label: label(row) };
    }
    for (const key of keys) {
      const entry = BUILTIN[row.format][key];
      if (entry) return { logs: resolveEntry(entry, code), label: label(row) };
    }
    return { logs: [], label: label(row) };
  }

  /** The Windows channel a row names, if it is a Windows event log. */
  private windowsChannel(row: RowSource): string | null {
    if (row.format === 'splunk') {
      for (const field of [row.source, row.kind]) {
        const m = field ? WINDOWS_SOURCE.exec(field.trim()) : null;
        if (m && m[1].trim()) return m[1];
      }
      return null;
    }
    if (row.format === 'elastic') return trimmed(row.channel);
    if (row.format === 'sentinel') {
      const table = trimmed(row.kind)?.toLowerCase();
      if (table === 'securityevent') return trimmed(row.channel) ?? 'Security';
      if (table === 'event' || table === 'windowsevent') return trimmed(row.channel);
    }
    return null;
  }

  /** attack-kg's own columns: ATT&CK names already, or an inventory log source by id. */
  private csv(row: RowSource, code: string | null): ObservedLog[] {
    const logSource = trimmed(row.logSource);
    const name = trimmed(row.kind);
    if (!name && !logSource) return [];
    if (!name) return [{ name: null, channel: code, logSource }];
    const attack = attackName(name);
    return [{ name: attack, channel: codeChannel(attack, code), logSource }];
  }
}
