import { Caches } from '../../cache/caches';
import { resolveCoverage, rowsOf } from '../coverage';
import { RowEntry } from '../engine';
import { CoverageInput } from '../params';
import { TacticCoverageRecord } from '../records';

/** Per tactic: how many of its techniques are covered, partly covered, uncovered, or have no hosts. */
export async function tacticMatrix(caches: Caches, input: CoverageInput = {}): Promise<TacticCoverageRecord[]> {
  const resolved = await resolveCoverage(caches, { ...input, onlyGaps: null, onlyUncovered: null });
  const rows = rowsOf(resolved);
  const byTechnique = new Map<string, RowEntry[]>();
  for (const r of rows) byTechnique.set(r.technique.id, [...(byTechnique.get(r.technique.id) ?? []), r]);
  return resolved.release.tactics.map((tactic) => {
    const members = resolved.techniques.filter((x) => x.tactics.includes(tactic.shortname as string));
    const out = { tactic, techniqueList: members.map((t) => t.node), techniques: 0, covered: 0, partial: 0, uncovered: 0, notApplicable: 0 };
    for (const t of members) {
      const list = byTechnique.get(t.id);
      if (!list) { out.notApplicable += 1; continue; }
      out.techniques += 1;
      if (list.every((r) => r.hostsBlind === 0)) out.covered += 1;
      else if (list.every((r) => r.hostsCovered === 0)) out.uncovered += 1;
      else out.partial += 1;
    }
    return out;
  });
}
