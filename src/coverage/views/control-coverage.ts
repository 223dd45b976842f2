import { Caches } from '../../cache/caches';
import { perRank, RANKS, stateNameOf } from '../../inventory/states';
import { emptyBits, intersects, orInto } from '../bits';
import { resolveCoverage, rowsOf } from '../coverage';
import { CoverageInput } from '../params';
import { ControlCoverageRecord } from '../records';
import { controlsOf } from './controls';
import { sourceBits, wantedBits } from './shared';

/** Per control: where it is deployed, at which states, and the (T, P) its log sources cover on how many hosts. */
export async function controlCoverage(caches: Caches, input: CoverageInput = {}): Promise<ControlCoverageRecord[]> {
  const resolved = await resolveCoverage(caches, { ...input, onlyGaps: null, onlyUncovered: null }, { deployments: true });
  const rows = rowsOf(resolved);
  const { basis } = resolved;
  const controls = await controlsOf(basis.inventory);
  return controls.map((c) => {
    const byPlatform = new Map<string, number[]>();
    let atMinState = 0;
    for (const g of resolved.deployments) {
      const d = g.controls.find((x) => x.control === c.id);
      if (!d) continue;
      if (d.rank >= resolved.minRank) atMinState += g.hosts;
      for (const platform of basis.profiles[g.profile].platforms) {
        if (!byPlatform.has(platform)) byPlatform.set(platform, perRank());
        byPlatform.get(platform)![d.rank] += g.hosts;
      }
    }
    const bits = c.produces.reduce((acc, l) => orInto(acc, sourceBits(resolved, l)), emptyBits(resolved.precision === 'LOG_SOURCE' ? resolved.release.pairs.length : resolved.release.components.length));
    const techniques = rows.flatMap((r) => {
      const hosts = (byPlatform.get(r.platform) ?? perRank()).slice(resolved.minRank).reduce((s, n) => s + n, 0);
      return hosts && intersects(bits, wantedBits(resolved, r.technique.detection.get(r.platform)!)) ? [{ technique: r.technique.node, platform: r.platform, hosts }] : [];
    });
    return {
      control: c.node,
      produces: c.produces.map((l) => basis.inventory.logSources[l].node),
      hosts: [...byPlatform].sort(([a], [b]) => a.localeCompare(b)).flatMap(([platform, ranks]) =>
        RANKS.filter((r) => ranks[r] > 0).map((r) => ({ platform, state: stateNameOf(r), hosts: ranks[r] }))),
      hostsAtMinState: atMinState,
      techniques,
    };
  });
}
