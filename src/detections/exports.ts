import { Caches } from '../cache/caches';
import { COLUMNS, flatRow, send, toCsv } from '../coverage/export';
import { coverageLayer, layerOfRows, LayerScoring, layerPath, percent } from '../coverage/navigator';
import { booleanParam, CoverageInput, inputFromParams } from '../coverage/params';
import { exportFileName } from '../coverage/coverage';
import { InputError } from '../errors';
import { LayerScore } from '../generated/graphql';
import { Route } from '../server/route';
import { DetectionCoverageRowRecord } from './records';
import { detectionCoverage } from './views';

/**
 * Detection numbers in the Navigator layer and the flat exports (issue 12): the layer builder of
 * src/coverage/navigator.ts scoring hosts detected, and detectionCoverage's rows as CSV/JSON with
 * the coverage export's columns plus the detection ones. Behind the API key like the other exports.
 */
export const DETECTION: LayerScoring<DetectionCoverageRowRecord> = {
  score: 'DETECTION',
  title: 'Detection',
  describe:
    'Score = hosts detected / hosts total: hosts with a deployed rule counting for the technique that collect (at the min state or above) a log source the rule reads.',
  counted: (r) => r.hostsDetected,
  comment: (list, detected, total) => {
    const visible = list.reduce((s, r) => s + r.hostsVisibleNotDetected, 0);
    const lines = list.map(
      (r) =>
        `${r.platform}: ${r.hostsDetected}/${r.hostsTotal} hosts detected, ${r.hostsVisibleNotDetected} visible not detected, ${r.rules.length} rules`,
    );
    return `${detected} of ${total} hosts detected (${percent(detected, total)}), ${visible} visible not detected; ${lines.join('; ')}`;
  },
  metadata: (list, detected, total) => [
    { name: 'hosts total', value: String(total) },
    { name: 'hosts detected', value: String(detected) },
    { name: 'hosts visible not detected', value: String(list.reduce((s, r) => s + r.hostsVisibleNotDetected, 0)) },
    { name: 'hosts covered', value: String(list.reduce((s, r) => s + r.hostsCovered, 0)) },
    // A rule deployed on several of the technique's platforms is one rule.
    { name: 'rules', value: String(new Set(list.flatMap((r) => r.rules.map((v) => v.rule.id))).size) },
    ...list.map((r) => ({
      name: r.platform,
      value: `${r.hostsDetected}/${r.hostsTotal} detected, ${r.hostsVisibleNotDetected} visible not detected`,
    })),
  ],
  legend: ['detected on no host', 'detected on every host'],
};

/** The layer of a query, scored as asked. */
export async function layerFor(caches: Caches, input: CoverageInput, name: string | null | undefined, score: LayerScore) {
  switch (score) {
    case 'VISIBILITY':
      return coverageLayer(caches, input, name);
    case 'DETECTION': {
      const { resolved, rows } = await detectionCoverage(caches, input);
      return layerOfRows(resolved, rows, input, name, DETECTION);
    }
  }
}

const SCORES = Object.keys({ VISIBILITY: true, DETECTION: true } satisfies Record<LayerScore, true>) as LayerScore[];

/** `score=` of the layer URL: VISIBILITY (default) or DETECTION, any case. */
export function scoreFromParams(params: URLSearchParams): LayerScore {
  const raw = params.get('score');
  if (raw === null) return 'VISIBILITY';
  const score = raw.trim().toUpperCase() as LayerScore;
  if (!SCORES.includes(score))
    throw new InputError('bad coverage query parameters', [`score=${raw}: expected one of ${SCORES.join(', ')}`]);
  return score;
}

export const DETECTION_COLUMNS = [...COLUMNS, 'hosts_detected', 'hosts_visible_not_detected', 'rule_count'] as const;

export const flatDetectionRow = (r: DetectionCoverageRowRecord) => ({
  ...flatRow(r),
  hosts_detected: r.hostsDetected,
  hosts_visible_not_detected: r.hostsVisibleNotDetected,
  rule_count: r.rules.length,
});

export const DETECTION_EXPORT_PATHS = {
  csv: '/api/v1/detection-coverage.csv',
  json: '/api/v1/detection-coverage.json',
  layer: layerPath,
};

/** The detection exports and the layer file (either score), computing with the server's caches. */
export const detectionExportRoute =
  (caches: Caches): Route =>
  async (req, res, url) => {
    const kind = (Object.keys(DETECTION_EXPORT_PATHS) as (keyof typeof DETECTION_EXPORT_PATHS)[]).find(
      (k) => DETECTION_EXPORT_PATHS[k] === url.pathname,
    );
    if (!kind) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('GET only\n');
      return true;
    }
    const method = req.method;
    if (kind === 'layer') {
      const input = inputFromParams(url.searchParams, ['name', 'score']);
      const { resolved, layer, fileName } = await layerFor(caches, input, url.searchParams.get('name'), scoreFromParams(url.searchParams));
      send(res, method, 'application/json', fileName, JSON.stringify(layer, null, 2), resolved);
      return true;
    }
    const input = inputFromParams(url.searchParams, ['onlyVisibleNotDetected']);
    const problems: string[] = [];
    const onlyVisibleNotDetected = booleanParam(url.searchParams, 'onlyVisibleNotDetected', problems);
    if (problems.length) throw new InputError('bad coverage query parameters', problems);
    const { resolved, rows } = await detectionCoverage(caches, input, onlyVisibleNotDetected ?? false);
    const file = (ext: string) => exportFileName(resolved, ext).replace('-coverage-', '-detection-coverage-');
    if (kind === 'csv')
      send(res, method, 'text/csv; charset=utf-8', file('csv'), toCsv(rows, DETECTION_COLUMNS, flatDetectionRow), resolved);
    else send(res, method, 'application/json', file('json'), JSON.stringify(rows.map(flatDetectionRow)), resolved);
    return true;
  };
