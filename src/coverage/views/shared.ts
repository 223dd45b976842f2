import { perRank, RANK } from '../../inventory/states';
import { Bits } from '../bits';
import { ResolvedCoverage } from '../coverage';
import { RowEntry } from '../engine';
import { LogSourceUseRecord } from '../records';
import { DetectionBits, TechniqueEntry } from '../release-data';

/**
 * What the coverage views share. Every view answers what an engineer asks after the matrix (how
 * one technique is (not) covered, what to enable next, what hangs on a single log source or
 * control, what each control buys, per tactic), always on the resolved query's profiles, never
 * host by host.
 */

/** What detects a (T, P), in the query's precision. */
export const wantedBits = (resolved: ResolvedCoverage, detection: DetectionBits): Bits => (resolved.precision === 'LOG_SOURCE' ? detection.pairs : detection.components);
/** What a profile collects at minState, in the query's precision. */
export const profileBits = (resolved: ResolvedCoverage, i: number): Bits =>
  (resolved.precision === 'LOG_SOURCE' ? resolved.basis.profiles[i].pairs : resolved.basis.profiles[i].components)[resolved.minRank];
/** What a log source stands for, in the query's precision. */
export const sourceBits = (resolved: ResolvedCoverage, l: number): Bits =>
  (resolved.precision === 'LOG_SOURCE' ? resolved.basis.logSources[l].pairs : resolved.basis.logSources[l].components);

/** Population profiles (indexes) on a platform. */
export function profilesOn(resolved: ResolvedCoverage, platform: string): number[] {
  const out: number[] = [];
  resolved.basis.profiles.forEach((p, i) => { if (resolved.hosts[i] > 0 && p.platforms.includes(platform)) out.push(i); });
  return out;
}

/** Per log source: its hosts among `profiles` by state; `extra` adds fields of the caller's (a pair's matched members). */
export function logSourceUses(resolved: ResolvedCoverage, profiles: number[], logSources: number[], extra: (l: number) => Partial<LogSourceUseRecord> = () => ({})): LogSourceUseRecord[] {
  return logSources.map((l) => {
    const byRank = perRank();
    for (const i of profiles) byRank[resolved.basis.profiles[i].collects.get(l) ?? 0] += resolved.hosts[i];
    return {
      logSource: resolved.basis.inventory.logSources[l].node,
      configured: byRank[RANK.CONFIGURED], tested: byRank[RANK.TESTED], monitored: byRank[RANK.MONITORED],
      atMinState: byRank.slice(resolved.minRank).reduce((s, n) => s + n, 0), ...extra(l),
    };
  }).filter((u) => u.configured + u.tested + u.monitored > 0);
}

export const byRow = (a: RowEntry, b: RowEntry) => (a.technique.id < b.technique.id ? -1 : a.technique.id > b.technique.id ? 1 : a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0);

export const emptyRow = (technique: TechniqueEntry, platform: string): RowEntry => ({
  technique, platform, hostsTotal: 0, hostsCovered: 0, hostsBlind: 0, coverageRatio: 0, noAttackGuidance: technique.detection.get(platform)!.noGuidance,
});
