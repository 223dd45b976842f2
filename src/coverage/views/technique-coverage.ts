import { logSourceKey, matchedMembers } from '../../attack/log-source-match';
import { Caches } from '../../cache/caches';
import { bitIndexes, hasBit, intersects } from '../bits';
import { resolveCoverage, ResolvedCoverage } from '../coverage';
import { coverageRows } from '../engine';
import { CoverageInput } from '../params';
import { PlatformCoverageRecord, TechniqueCoverageRecord } from '../records';
import { emptyRow, logSourceUses, profileBits, profilesOn, wantedBits } from './shared';

/**
 * The blind hosts of some profiles, as blindHosts pages them: by inventory profile, and under
 * telemetry evidence (whose profiles split the inventory's) only the assets of the blind splits.
 */
function blindOf(resolved: ResolvedCoverage, profiles: number[]): PlatformCoverageRecord['blind'] {
  const { basis } = resolved;
  const split = basis.evidence;
  if (!split) return { profiles: profiles.map((i) => basis.profiles[i].key), filter: resolved.input.assets };
  return {
    profiles: [...new Set(profiles.map((i) => basis.inventory.profiles[split.parents[i]].key))],
    filter: resolved.input.assets,
    assets: profiles.flatMap((i) => split.members[i]),
  };
}

/** Per platform of one technique: what ATT&CK says detects it, what of that is collected where, and who is blind. */
export async function techniqueCoverage(caches: Caches, id: string, input: CoverageInput = {}): Promise<TechniqueCoverageRecord | null> {
  const resolved = await resolveCoverage(caches, { ...input, techniques: null, tactics: null, group: null, software: null, campaign: null });
  const { release, basis } = resolved;
  const technique = release.byId.get(id.toUpperCase()) ?? release.techniques.find((t) => t.node.stixId === id);
  if (!technique) return null;
  const sources = basis.inventory.logSources.map((_, l) => l);
  const platforms = technique.platforms.filter((p) => !resolved.platforms || resolved.platforms.has(p)).map((platform): PlatformCoverageRecord => {
    const row = coverageRows([technique], new Set([platform]), resolved.byPlatform, resolved.precision)[0] ?? emptyRow(technique, platform);
    const detection = technique.detection.get(platform)!;
    const on = profilesOn(resolved, platform);
    const hostsWith = (bit: number, kind: 'components' | 'pairs') =>
      on.filter((i) => hasBit(basis.profiles[i][kind][resolved.minRank], bit)).reduce((s, i) => s + resolved.hosts[i], 0);
    const strings = new Map(((technique.node.dataSources as string[]) ?? []).map((s) => [s.toLowerCase(), s]));
    return {
      ...row,
      dataComponents: [...bitIndexes(detection.components)].map((bit) => {
        const stixId = release.components[bit];
        const node = release.componentNodes.get(stixId) ?? null;
        return {
          name: (node?.name as string | undefined) ?? strings.get(stixId) ?? stixId, dataComponent: node, hosts: hostsWith(bit, 'components'),
          collectedBy: logSourceUses(resolved, on, sources.filter((l) => hasBit(basis.logSources[l].components, bit))),
        };
      }).sort((a, b) => a.name.localeCompare(b.name)),
      logSources: [...bitIndexes(detection.pairs)].map((bit) => {
        const { name, channel } = release.pairs[bit];
        const pair = logSourceKey(name, channel);
        const matched = (l: number) => {
          const source = basis.inventory.logSources[l];
          return { matchedMembers: matchedMembers(logSourceKey(source.name!, source.channel), pair) ?? [] };
        };
        return {
          name, channel, members: pair.members ?? [], hosts: hostsWith(bit, 'pairs'),
          collectedBy: logSourceUses(resolved, on, sources.filter((l) => hasBit(basis.logSources[l].pairs, bit)), matched),
        };
      }).sort((a, b) => a.name.localeCompare(b.name) || (a.channel ?? '').localeCompare(b.channel ?? '')),
      blind: blindOf(resolved, on.filter((i) => !intersects(profileBits(resolved, i), wantedBits(resolved, detection)))),
    };
  });
  return { technique: technique.node, platforms };
}
