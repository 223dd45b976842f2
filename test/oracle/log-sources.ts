import { remember } from './remember';

/**
 * The oracle's own reading of INVENTORY.md v1.1, "Matching log sources by name and channel",
 * written from the contract (and docs/inventory.md's extra spellings) without the production
 * module: a (name, channel) becomes a log and a set of "atoms" (its channel's members, or "*"
 * for every channel), and two match when their logs are equal and their atoms meet.
 */

/** [another spelling, ATT&CK's name] of one Windows event log. */
const SPELLINGS: [string, string][] = [
  ['WinEventLog:Microsoft-Windows-Sysmon/Operational', 'WinEventLog:Sysmon'],
  ['WinEventLog:Microsoft-Windows-PowerShell/Operational', 'WinEventLog:PowerShell'],
  ['WinEventLog:Windows PowerShell', 'WinEventLog:PowerShell'],
  ['WinEventLog:PowerShellCore/Operational', 'WinEventLog:PowerShell'],
  ['WinEventLog:Microsoft-Windows-WMI-Activity/Operational', 'WinEventLog:WMI'],
  ['WinEventLog:Microsoft-Windows-TaskScheduler/Operational', 'WinEventLog:TaskScheduler'],
  ['WinEventLog:Microsoft-Windows-CodeIntegrity/Operational', 'WinEventLog:CodeIntegrity'],
  ['WinEventLog:Microsoft-Windows-Windows Defender/Operational', 'WinEventLog:Windows Defender'],
  ['WinEventLog:Microsoft-Windows-WinRM/Operational', 'WinEventLog:WinRM'],
  ['WinEventLog:Microsoft-Windows-AppLocker/EXE and DLL', 'WinEventLog:AppLocker'],
  ['WinEventLog:Microsoft-Windows-AppLocker/MSI and Script', 'WinEventLog:AppLocker'],
  ['WinEventLog:Microsoft-Windows-AppLocker/Packaged app-Execution', 'WinEventLog:AppLocker'],
  ['WinEventLog:Microsoft-Windows-AppLocker/Packaged app-Deployment', 'WinEventLog:AppLocker'],
  ['WinEventLog:Microsoft-Windows-DHCP-Server/Operational', 'wineventlog:dhcp'],
  // docs/inventory.md's additions
  ['WinEventLog:Microsoft-Windows-Shell-Core/Operational', 'WinEventLog:Microsoft-Windows-Shell-Core'],
  ['WinEventLog:Microsoft-Windows-WLAN-AutoConfig/Operational', 'WinEventLog:Microsoft-Windows-WLAN-AutoConfig'],
  ['WinEventLog:Microsoft-Windows-Kernel-Boot/Operational', 'WinEventLog:Microsoft-Windows-Kernel-Boot'],
  ['WinEventLog:Microsoft-IIS-Configuration/Operational', 'WinEventLog:Microsoft-IIS-Configuration'],
  ['WinEventLog:OAlerts', 'WinEventLog:Microsoft-Office-Alerts'],
  ['WinEventLog:Microsoft-Windows-Security-Mitigations/Kernel Mode', 'WinEventLog:Microsoft-Windows-Security-Mitigations/KernelMode'],
];

/** Every spelling the oracle knows for a log, so generators can write them. */
export const OTHER_SPELLINGS = SPELLINGS;

const unprefix = (s: string) =>
  s
    .toLowerCase()
    .trim()
    .replace(/^xmlwineventlog:/, 'wineventlog:');
const CANONICAL = new Map(SPELLINGS.map(([other, attack]) => [unprefix(other), unprefix(attack)]));

// Memoized: the detection oracles ask it for every (host, log source, rule requirement).
const logCache = new Map<string, string>();
export const oracleLog = (name: string): string => remember(logCache, name, () => CANONICAL.get(unprefix(name)) ?? unprefix(name));

const KEYED_LIST = /^([A-Za-z]+)=\s*([^\s=,]+(?:\s*,\s*[^\s=,]+)*)$/;
const TOKEN_LIST = /^[^\s=,]+(?:\s*,\s*[^\s=,]+)*$/;

/** The atoms of a channel: comparable members (lower-cased key), or ["*"] for no channel. */
export function oracleAtoms(channel: string | undefined | null): string[] {
  const c = (channel ?? '').trim();
  if (c === '') return ['*'];
  let m = KEYED_LIST.exec(c);
  if (m) {
    const key = m[1].toLowerCase();
    return m[2].split(/\s*,\s*/).map((v) => `${key}=${v}`);
  }
  if (TOKEN_LIST.test(c)) return c.split(/\s*,\s*/);
  m = /^([A-Za-z]+)=([\s\S]*)$/.exec(c);
  return [m ? `${m[1].toLowerCase()}=${m[2]}` : c];
}

const atomsCache = new Map<string, string[]>();
const cachedAtoms = (channel: string | undefined | null) => remember(atomsCache, channel ?? '', () => oracleAtoms(channel));

/** A log source (name, channel) matches an ATT&CK pair (name, channel). */
export function oracleMatches(source: { name: string; channel?: string | null }, pair: { name: string; channel?: string | null }): boolean {
  if (oracleLog(source.name) !== oracleLog(pair.name)) return false;
  const mine = cachedAtoms(source.channel);
  const theirs = cachedAtoms(pair.channel);
  return mine.includes('*') || theirs.includes('*') || mine.some((a) => theirs.includes(a));
}

/** Pairs of `after` naming a (log, member) that none of `before` matches: what a release diff lists as added. */
export function oracleNewPairs(after: { name: string; channel?: string | null }[], before: { name: string; channel?: string | null }[]) {
  const known = new Set(before.flatMap((p) => oracleAtoms(p.channel).map((a) => `${oracleLog(p.name)}\u0000${a}`)));
  return after.filter((p) => {
    const log = oracleLog(p.name);
    if (known.has(`${log}\u0000*`)) return false;
    return oracleAtoms(p.channel).some((a) => !known.has(`${log}\u0000${a}`));
  });
}
