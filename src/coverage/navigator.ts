import { Caches } from '../cache/caches';
import { isoOf } from '../telemetry/records';
import { minRank, stateOf } from '../inventory/states';
import { coverage, exportFileName, ResolvedCoverage } from './coverage';
import { RowEntry } from './engine';
import { CoverageInput, paramsFromInput } from './params';

/**
 * Coverage as an ATT&CK Navigator layer (layer format 4.5): one entry per technique with a row,
 * score = hosts covered / hosts total over the layer's platforms (0..1, red to green), the host
 * counts per platform in the comment and the metadata.
 */
export const NAVIGATOR_VERSION = '5.1.0';
export const LAYER_FORMAT = '4.5';

export interface LayerOptions {
  name: string;
  domain: string;
  /** ATT&CK version of the release ("18.1"); the layer names its major version, as the Navigator does. */
  version: string;
  description: string;
  platforms: string[];
  /** Layer-level metadata (query parameters, snapshot, generated at). */
  metadata: Record<string, string>;
}

const ratio = (covered: number, total: number) => (total === 0 ? 0 : Math.round((covered / total) * 10_000) / 10_000);
const percent = (covered: number, total: number) => `${Math.round((covered / total) * 1000) / 10}%`;

export function navigatorLayer(rows: RowEntry[], options: LayerOptions) {
  const byTechnique = new Map<string, RowEntry[]>();
  for (const row of rows) byTechnique.set(row.technique.id, [...(byTechnique.get(row.technique.id) ?? []), row]);
  const techniques = [...byTechnique.values()].map((list) => {
    const total = list.reduce((s, r) => s + r.hostsTotal, 0);
    const covered = list.reduce((s, r) => s + r.hostsCovered, 0);
    const lines = list.map((r) => `${r.platform}: ${r.hostsCovered}/${r.hostsTotal} hosts covered${r.noAttackGuidance ? ' (no ATT&CK detection guidance)' : ''}`);
    return {
      techniqueID: list[0].technique.id,
      score: ratio(covered, total),
      comment: `${covered} of ${total} hosts covered (${percent(covered, total)}); ${lines.join('; ')}`,
      enabled: true,
      metadata: [
        { name: 'hosts total', value: String(total) },
        { name: 'hosts covered', value: String(covered) },
        { name: 'hosts blind', value: String(total - covered) },
        ...list.map((r) => ({ name: r.platform, value: `${r.hostsCovered}/${r.hostsTotal}` })),
      ],
      showSubtechniques: false,
    };
  });
  return {
    name: options.name,
    versions: { attack: options.version.split('.')[0], navigator: NAVIGATOR_VERSION, layer: LAYER_FORMAT },
    domain: options.domain,
    description: options.description,
    filters: { platforms: options.platforms },
    sorting: 0,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: true, countUnscored: false, aggregateFunction: 'average', expandedSubtechniques: 'none' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ff6666ff', '#ffe766ff', '#8ec843ff'], minValue: 0, maxValue: 1 },
    legendItems: [
      { label: 'blind on every host', color: '#ff6666' },
      { label: 'covered on every host', color: '#8ec843' },
    ],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: Object.entries(options.metadata).map(([name, value]) => ({ name, value })),
    links: [],
  };
}

/** Where the same layer downloads as a file (relative to the server; needs the API key). */
export const layerPath = '/api/v1/coverage/navigator-layer.json';

/** What the layer counts as covered, under the query's evidence mode. */
function evidenceText(resolved: ResolvedCoverage, state: string): string {
  const fresh = `seen by the SIEM within ${resolved.freshnessDays} days`;
  switch (resolved.evidence) {
    case 'DECLARED':
      return `Hosts collecting, at ${state} or above, a log source that provides what`;
    case 'OBSERVED':
      return `Hosts collecting, at ${state} or above and ${fresh}, a log source that provides what`;
    case 'TELEMETRY':
      return `Hosts whose telemetry (${fresh}) provides what`;
  }
}

/** The layer of a coverage query: all its rows, one platform or all, with the query in its metadata. */
export async function coverageLayer(caches: Caches, input: CoverageInput = {}, name?: string | null) {
  const { resolved, rows } = await coverage(caches, input);
  const platforms = [...new Set(rows.map((r) => r.platform))].sort();
  const params = paramsFromInput(input);
  if (name) params.set('name', name);
  const state = stateOf(minRank(input.minState));
  const layer = navigatorLayer(rows, {
    name: name ?? `Coverage ${platforms.length === 1 ? platforms[0] : 'all platforms'} (${state})`,
    domain: resolved.domain,
    version: resolved.release.version,
    description: `${evidenceText(resolved, state)} ATT&CK ${resolved.release.version} says detects each technique. Score = hosts covered / hosts total.`,
    platforms,
    metadata: {
      'generated by': 'attack-kg',
      'generated at': new Date().toISOString(),
      'ATT&CK release': `${resolved.domain} ${resolved.release.version}`,
      'inventory snapshot': resolved.basis.inventory.snapshot,
      'min state': state,
      precision: resolved.precision,
      evidence: resolved.evidence === 'DECLARED' ? 'DECLARED' : `${resolved.evidence}, fresh within ${resolved.freshnessDays} days of ${isoOf(resolved.asOf) ?? 'no telemetry import'}`,
      query: params.toString() || '(all platforms, no filter)',
    },
  });
  const query = params.toString();
  return {
    resolved, layer,
    downloadUrl: `${layerPath}${query ? `?${query}` : ''}`,
    fileName: exportFileName(resolved, 'layer.json'),
  };
}
