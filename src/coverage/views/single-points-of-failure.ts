import { Caches } from '../../cache/caches';
import { intersects } from '../bits';
import { coverage } from '../coverage';
import { isInventorySource } from '../evidence';
import { CoverageInput } from '../params';
import { SinglePointOfFailureRecord } from '../records';
import { controlsOf, explicitRanks } from './controls';
import { sourceBits, wantedBits } from './shared';

/**
 * Covered (T, P) whose coverage hangs on one thing: every covering log source is the same one
 * (`logSource`), or every covering log source comes only from one control and no host collects
 * it at minState by a row of its own (`control`). Losing it makes (T, P) blind on every host.
 */
export async function singlePointsOfFailure(caches: Caches, input: CoverageInput = {}): Promise<SinglePointOfFailureRecord[]> {
  const { resolved, rows } = await coverage(caches, input);
  const { basis } = resolved;
  const [controls, explicit] = await Promise.all([controlsOf(basis.inventory), explicitRanks(basis.inventory)]);
  const producers = basis.logSources.map(() => [] as number[]);
  controls.forEach((c, ci) => { for (const l of c.produces) producers[l].push(ci); });
  // Per platform: the log sources some population host there collects at minState.
  const collectedOn = new Map<string, Set<number>>();
  basis.profiles.forEach((p, i) => {
    if (!resolved.hosts[i]) return;
    for (const platform of p.platforms) {
      if (!collectedOn.has(platform)) collectedOn.set(platform, new Set());
      for (const [l, rank] of p.collects) if (rank >= resolved.minRank) collectedOn.get(platform)!.add(l);
    }
  });
  const out: SinglePointOfFailureRecord[] = [];
  for (const row of rows) {
    if (!row.hostsCovered) continue;
    const wanted = wantedBits(resolved, row.technique.detection.get(row.platform)!);
    const covering = [...collectedOn.get(row.platform) ?? []].filter((l) => intersects(sourceBits(resolved, l), wanted));
    // Under TELEMETRY a covering source may be an observed log, which no LogSource names: not a single point to report.
    const one = covering.length === 1 && isInventorySource(basis, covering[0]) ? covering[0] : undefined;
    const only = covering.every((l) => producers[l].length === 1 && producers[l][0] === producers[covering[0]][0] && explicit[l] < resolved.minRank);
    const control = covering.length && only ? controls[producers[covering[0]][0]] : undefined;
    if (one !== undefined || control) {
      out.push({ ...row, logSource: one !== undefined ? basis.inventory.logSources[one].node : null, control: control?.node ?? null });
    }
  }
  return out;
}
