/**
 * When an organisation's log source matches one of ATT&CK's (name, channel) pairs: the rule of
 * INVENTORY.md v1.1, "Matching log sources by name and channel". This is its one definition;
 * inventory resolution, LOG_SOURCE precision, the coverage views and release diffs all call it
 * (docs/inventory.md states it in words and says where each spelling below comes from).
 *
 * - A channel stands for its members: `KEY=v1, v2` for `KEY=v1` and `KEY=v2`; `a, b` (tokens
 *   without spaces or `=`) for `a` and `b`; anything else (free text, `None`) for itself.
 * - Members compare exactly after trimming, except a leading `KEY=`, whose key ignores case.
 * - Names ignore case; `XmlWinEventLog:` is `WinEventLog:`; a Windows channel's full name is the
 *   log ATT&CK names by a short name (the table below).
 * - No channel, on either side, stands for every channel of the name.
 */

/**
 * ATT&CK's name of a Windows event log, and the other names the same log goes by. The first nine
 * rows are the contract's; the rest are spellings this project knows (sources in docs/inventory.md).
 * Every name on the left is one ATT&CK 18.1 uses. Two on the right are too (the CodeIntegrity and
 * Windows Defender channels' full names): ATT&CK's two names for each of those logs count as one.
 */
export const WINDOWS_LOG_SPELLINGS: readonly (readonly [string, readonly string[]])[] = [
  ['WinEventLog:Sysmon', ['WinEventLog:Microsoft-Windows-Sysmon/Operational']],
  [
    'WinEventLog:PowerShell',
    ['WinEventLog:Microsoft-Windows-PowerShell/Operational', 'WinEventLog:Windows PowerShell', 'WinEventLog:PowerShellCore/Operational'],
  ],
  ['WinEventLog:WMI', ['WinEventLog:Microsoft-Windows-WMI-Activity/Operational']],
  ['WinEventLog:TaskScheduler', ['WinEventLog:Microsoft-Windows-TaskScheduler/Operational']],
  ['WinEventLog:CodeIntegrity', ['WinEventLog:Microsoft-Windows-CodeIntegrity/Operational']],
  ['WinEventLog:Windows Defender', ['WinEventLog:Microsoft-Windows-Windows Defender/Operational']],
  ['WinEventLog:WinRM', ['WinEventLog:Microsoft-Windows-WinRM/Operational']],
  [
    'WinEventLog:AppLocker',
    ['EXE and DLL', 'MSI and Script', 'Packaged app-Execution', 'Packaged app-Deployment'].map(
      (l) => `WinEventLog:Microsoft-Windows-AppLocker/${l}`,
    ),
  ],
  ['wineventlog:dhcp', ['WinEventLog:Microsoft-Windows-DHCP-Server/Operational']],
  // Beyond the contract.
  ['WinEventLog:Microsoft-Windows-Shell-Core', ['WinEventLog:Microsoft-Windows-Shell-Core/Operational']],
  ['WinEventLog:Microsoft-Windows-WLAN-AutoConfig', ['WinEventLog:Microsoft-Windows-WLAN-AutoConfig/Operational']],
  ['WinEventLog:Microsoft-Windows-Kernel-Boot', ['WinEventLog:Microsoft-Windows-Kernel-Boot/Operational']],
  ['WinEventLog:Microsoft-IIS-Configuration', ['WinEventLog:Microsoft-IIS-Configuration/Operational']],
  ['WinEventLog:Microsoft-Office-Alerts', ['WinEventLog:OAlerts']],
  ['WinEventLog:Microsoft-Windows-Security-Mitigations/KernelMode', ['WinEventLog:Microsoft-Windows-Security-Mitigations/Kernel Mode']],
];

const XML_PREFIX = 'xmlwineventlog:';
const prefixed = (lower: string) => (lower.startsWith(XML_PREFIX) ? `wineventlog:${lower.slice(XML_PREFIX.length)}` : lower);
const SAME_LOG = new Map(
  WINDOWS_LOG_SPELLINGS.flatMap(([name, others]) => others.map((o) => [prefixed(o.toLowerCase()), name.toLowerCase()] as const)),
);

/** The log a name means, as a comparable key: `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational` -> `wineventlog:sysmon`. */
export function logName(name: string): string {
  const lower = prefixed(name.trim().toLowerCase());
  return SAME_LOG.get(lower) ?? lower;
}

/** A value or token of a channel list: no spaces, no `=`, no commas, not empty. */
const VALUE = /^[^\s=,]+$/;
const KEYED = /^([A-Za-z]+)=([\s\S]*)$/;

/**
 * The members a channel stands for, as written (trimmed): `EventCode=4103, 4104` ->
 * [`EventCode=4103`, `EventCode=4104`]; `open, write` -> [`open`, `write`]; free text -> [itself].
 * null: no channel (blank counts as none), which stands for every channel of the name.
 */
export function channelMembers(channel: string | null | undefined): string[] | null {
  const text = channel?.trim();
  if (!text) return null;
  const keyed = KEYED.exec(text);
  if (keyed) {
    const values = keyed[2].split(',').map((v) => v.trim());
    if (values.every((v) => VALUE.test(v))) return values.map((v) => `${keyed[1]}=${v}`);
  }
  const tokens = text.split(',').map((v) => v.trim());
  if (tokens.every((v) => VALUE.test(v))) return tokens;
  return [text];
}

/** A member as compared: its leading key (`EventCode=`) lower-cased, the rest exact. */
export const memberKey = (member: string) => member.replace(/^[A-Za-z]+=/, (key) => key.toLowerCase());

/** A (name, channel) reduced to what matching compares. */
export interface LogSourceKey {
  log: string;
  /** As written; null: every channel. */
  members: string[] | null;
  /** memberKey of each member; null: every channel. */
  keys: Set<string> | null;
}

export function logSourceKey(name: string, channel: string | null | undefined): LogSourceKey {
  const members = channelMembers(channel);
  return { log: logName(name), members, keys: members && new Set(members.map(memberKey)) };
}

/**
 * Which members of ATT&CK's `pair` the log source `source` matches, as the pair writes them:
 * null when it does not match; every member of the pair when the source has no channel; [] when
 * the pair has none (it stands for every channel, so any source of its log matches it).
 */
export function matchedMembers(source: LogSourceKey, pair: LogSourceKey): string[] | null {
  if (source.log !== pair.log) return null;
  if (!pair.members) return [];
  if (!source.keys) return [...pair.members];
  const matched = pair.members.filter((m) => source.keys!.has(memberKey(m)));
  return matched.length ? matched : null;
}

export const matches = (source: LogSourceKey, pair: LogSourceKey) => matchedMembers(source, pair) !== null;

/**
 * Whether `pair` names nothing that `others` do not: each of its members is matched by one of
 * them (a channel-less one covers every channel; a channel-less `pair` only by a channel-less one).
 * What a release diff asks of the log sources of a (technique, platform) in each release.
 */
export function coveredBy(pair: LogSourceKey, others: readonly LogSourceKey[]): boolean {
  const same = others.filter((o) => o.log === pair.log);
  if (same.some((o) => !o.keys)) return true;
  if (!pair.keys) return false;
  return [...pair.keys].every((k) => same.some((o) => o.keys!.has(k)));
}

interface LogEntry<T> {
  all: Set<T>;
  channelless: Set<T>;
  byMember: Map<string, Set<T>>;
}

/** ATT&CK pairs (with a value each) by log and member, to find the ones a log source matches. */
export class PairIndex<T> {
  private readonly logs = new Map<string, LogEntry<T>>();

  add(name: string, channel: string | null | undefined, value: T): this {
    const { log, keys } = logSourceKey(name, channel);
    let entry = this.logs.get(log);
    if (!entry) this.logs.set(log, (entry = { all: new Set(), channelless: new Set(), byMember: new Map() }));
    entry.all.add(value);
    if (!keys) entry.channelless.add(value);
    for (const k of keys ?? []) {
      if (!entry.byMember.has(k)) entry.byMember.set(k, new Set());
      entry.byMember.get(k)!.add(value);
    }
    return this;
  }

  /** The logs of its pairs, as matching spells them (lower case, ATT&CK's Windows names): `match` takes them back. */
  names(): IterableIterator<string> {
    return this.logs.keys();
  }

  /** The values of every pair a log source (name, channel) matches. */
  match(name: string, channel: string | null | undefined): Set<T> {
    const { log, keys } = logSourceKey(name, channel);
    const entry = this.logs.get(log);
    if (!entry) return new Set();
    if (!keys) return new Set(entry.all);
    const out = new Set(entry.channelless);
    for (const k of keys) for (const v of entry.byMember.get(k) ?? []) out.add(v);
    return out;
  }
}
