import { Caches } from '../cache/caches';
import { isoOf } from '../telemetry/records';
import { minRank, stateOf } from '../inventory/states';
import { coverage, exportFileName, ResolvedCoverage } from './coverage';
import { RowEntry } from './engine';
import { LayerScore } from '../generated/graphql';
import { CoverageInput, paramsFromInput } from './params';

/**
 * Coverage as an ATT&CK Navigator layer (layer format 4.5): one entry per technique with a row,
 * score = hosts counted / hosts total over the layer's platforms (0..1, red to green), counted
 * as a LayerScoring says (covered here; detected in src/detections/exports.ts), the host counts
 * per platform in the comment and the metadata.
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
export const percent = (covered: number, total: number) => `${Math.round((covered / total) * 1000) / 10}%`;

/**
 * What a layer scores (the schema's LayerScore): score = sum of `counted` / sum of hostsTotal over
 * a technique's rows (one a platform), with the comment and metadata saying what was counted.
 */
export interface LayerScoring<R extends RowEntry> {
  score: LayerScore;
  /** "Coverage", "Detection": the default layer name starts with it. */
  title: string;
  /** The description's tail, after what the query counts as a collection. */
  describe: string;
  counted: (r: R) => number;
  comment: (list: R[], counted: number, total: number) => string;
  metadata: (list: R[], counted: number, total: number) => { name: string; value: string }[];
  legend: [string, string];
}

export const VISIBILITY: LayerScoring<RowEntry> = {
  score: 'VISIBILITY',
  title: 'Coverage',
  describe: 'Score = hosts covered / hosts total.',
  counted: (r) => r.hostsCovered,
  comment: (list, covered, total) => {
    const lines = list.map((r) => `${r.platform}: ${r.hostsCovered}/${r.hostsTotal} hosts covered${r.noAttackGuidance ? ' (no ATT&CK detection guidance)' : ''}`);
    return `${covered} of ${total} hosts covered (${percent(covered, total)}); ${lines.join('; ')}`;
  },
  metadata: (list, covered, total) => [
    { name: 'hosts total', value: String(total) },
    { name: 'hosts covered', value: String(covered) },
    { name: 'hosts blind', value: String(total - covered) },
    ...list.map((r) => ({ name: r.platform, value: `${r.hostsCovered}/${r.hostsTotal}` })),
  ],
  legend: ['blind on every host', 'covered on every host'],
};

/** The one layer builder: a technique per entry, scored as `scoring` says. */
export function navigatorLayer<R extends RowEntry>(rows: R[], options: LayerOptions, scoring: LayerScoring<R>) {
  const byTechnique = new Map<string, R[]>();
  for (const row of rows) byTechnique.set(row.technique.id, [...(byTechnique.get(row.technique.id) ?? []), row]);
  const techniques = [...byTechnique.values()].map((list) => {
    const total = list.reduce((s, r) => s + r.hostsTotal, 0);
    const counted = list.reduce((s, r) => s + scoring.counted(r), 0);
    return {
      techniqueID: list[0].technique.id,
      score: ratio(counted, total),
      comment: scoring.comment(list, counted, total),
      enabled: true,
      metadata: scoring.metadata(list, counted, total),
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
      { label: scoring.legend[0], color: '#ff6666' },
      { label: scoring.legend[1], color: '#8ec843' },
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

/** A layer of a query's rows (coverage's, or detectionCoverage's with their numbers), with the query in its metadata. */
export function layerOfRows<R extends RowEntry>(
  resolved: ResolvedCoverage,
  rows: R[],
  input: CoverageInput,
  name: string | null | undefined,
  scoring: LayerScoring<R>,
) {
  const platforms = [...new Set(rows.map((r) => r.platform))].sort();
  const params = paramsFromInput(input);
  if (name) params.set('name', name);
  // The default score stays out of the URL: visibility layers keep the address they always had.
  if (scoring.score !== VISIBILITY.score) params.set('score', scoring.score);
  const state = stateOf(minRank(input.minState));
  const layer = navigatorLayer(
    rows,
    {
      name: name ?? `${scoring.title} ${platforms.length === 1 ? platforms[0] : 'all platforms'} (${state})`,
      domain: resolved.domain,
      version: resolved.release.version,
      description: `${evidenceText(resolved, state)} ATT&CK ${resolved.release.version} says detects each technique. ${scoring.describe}`,
      platforms,
      metadata: {
        'generated by': 'attack-kg',
        'generated at': new Date().toISOString(),
        'ATT&CK release': `${resolved.domain} ${resolved.release.version}`,
        'inventory snapshot': resolved.basis.inventory.snapshot,
        'min state': state,
        precision: resolved.precision,
        evidence:
          resolved.evidence === 'DECLARED'
            ? 'DECLARED'
            : `${resolved.evidence}, fresh within ${resolved.freshnessDays} days of ${isoOf(resolved.asOf) ?? 'no telemetry import'}`,
        score: scoring.score,
        query: params.toString() || '(all platforms, no filter)',
      },
    },
    scoring,
  );
  const query = params.toString();
  return {
    resolved,
    layer,
    downloadUrl: `${layerPath}${query ? `?${query}` : ''}`,
    fileName: exportFileName(resolved, scoring.score === VISIBILITY.score ? 'layer.json' : `${scoring.score.toLowerCase()}-layer.json`),
  };
}

/** The layer of a coverage query scored by visibility: all its rows, one platform or all. */
export async function coverageLayer(caches: Caches, input: CoverageInput = {}, name?: string | null) {
  const { resolved, rows } = await coverage(caches, input);
  return layerOfRows(resolved, rows, input, name, VISIBILITY);
}
