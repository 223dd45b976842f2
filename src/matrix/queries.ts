import { CountRow, DetectionRow, Layer, LAYERS, MatrixData, MatrixTactic } from './model';

/**
 * What the matrix asks GraphQL, for the page (over HTTP) and the report (in process) alike: the
 * view's state as URL parameters, the fields this server has (newer ones feature-detected), the
 * documents, and loading a view into the model's input. DOM-free and Node-free.
 */

/** A GraphQL answer: its shape is the schema's and the document's, which TypeScript does not see. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Runs a GraphQL operation, returning its data or throwing with the errors' messages. */
export type Exec = (query: string, variables?: Record<string, unknown>) => Promise<Json>;

export interface MatrixView {
  release?: string;
  platforms: string[];
  businessUnits: string[];
  environments: string[];
  criticalities: string[];
  tags: string[];
  minState?: string;
  precision?: string;
  evidence?: string;
  freshnessDays?: number;
  group?: string;
  software?: string;
  campaign?: string;
  layer: Layer;
  /** The technique whose panel is open. */
  technique?: string;
  /** Parents whose sub-techniques are shown. */
  open: string[];
}

const LIST_KEYS = ['platforms', 'businessUnits', 'environments', 'criticalities', 'tags', 'open'] as const;
const TEXT_KEYS = ['release', 'minState', 'precision', 'evidence', 'group', 'software', 'campaign', 'technique'] as const;

/** URL parameters (the export routes' names where they have one) -> the view. */
export function viewFromParams(params: URLSearchParams): MatrixView {
  const list = (k: string) =>
    params
      .getAll(k)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  const view: MatrixView = {
    platforms: [],
    businessUnits: [],
    environments: [],
    criticalities: [],
    tags: [],
    open: [],
    layer: 'visibility',
  };
  for (const k of LIST_KEYS) view[k] = list(k);
  for (const k of TEXT_KEYS) {
    const v = params.get(k)?.trim();
    if (v) view[k] = v;
  }
  const days = Number(params.get('freshnessDays'));
  if (params.get('freshnessDays') && Number.isInteger(days) && days > 0) view.freshnessDays = days;
  const layer = params.get('layer') as Layer;
  if (LAYERS.includes(layer)) view.layer = layer;
  return view;
}

export function paramsOfView(view: MatrixView): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of TEXT_KEYS) if (view[k]) p.set(k, view[k]);
  for (const k of LIST_KEYS) if (view[k].length) p.set(k, view[k].join(','));
  if (view.freshnessDays) p.set('freshnessDays', String(view.freshnessDays));
  if (view.layer !== 'visibility') p.set('layer', view.layer);
  return p;
}

/** Fields that arrive in later releases of the server: the page shows what they feed only when they exist. */
export interface Capabilities {
  /** CoverageQuery.evidence and .freshnessDays. */
  evidence: boolean;
  freshnessDays: boolean;
  /** Query.detectionCoverage. */
  detection: boolean;
  /** Query.detectionRules (whether rules exist; the panel's rules). */
  detectionRules: boolean;
  /** Query.telemetryImports. */
  telemetryImports: boolean;
}

const CAPABILITIES = `query MatrixCapabilities {
  __schema { queryType { fields { name } } }
  coverageQuery: __type(name: "CoverageQuery") { inputFields { name } }
}`;

/** By introspection; where it is turned off (production), by probing each field (a validation error says it is absent). */
export async function detectCapabilities(exec: Exec): Promise<Capabilities> {
  try {
    const data = await exec(CAPABILITIES);
    const fields = new Set<string>(data.__schema.queryType.fields.map((f: { name: string }) => f.name));
    const inputs = new Set<string>((data.coverageQuery?.inputFields ?? []).map((f: { name: string }) => f.name));
    return {
      evidence: inputs.has('evidence'),
      freshnessDays: inputs.has('freshnessDays'),
      detection: fields.has('detectionCoverage'),
      detectionRules: fields.has('detectionRules'),
      telemetryImports: fields.has('telemetryImports'),
    };
  } catch {
    const works = (query: string, variables?: Record<string, unknown>) =>
      exec(query, variables).then(
        () => true,
        () => false,
      );
    const probe = 'query($q: CoverageQuery) { coverage(query: $q, first: 0) { totalCount } }';
    return {
      evidence: await works(probe, { q: { evidence: 'DECLARED' } }),
      freshnessDays: await works(probe, { q: { freshnessDays: 7 } }),
      detection: await works('{ detectionCoverage(first: 0) { __typename } }'),
      detectionRules: await works('{ detectionRules(first: 0) { totalCount } }'),
      telemetryImports: await works('{ telemetryImports { id } }'),
    };
  }
}

/** The view as a CoverageQuery (the adversary left out: it highlights, it does not filter). */
export function coverageQueryOf(view: MatrixView, caps: Capabilities): Record<string, unknown> {
  const assets: Record<string, string[]> = {};
  for (const k of ['businessUnits', 'environments', 'criticalities', 'tags'] as const) if (view[k].length) assets[k] = view[k];
  const q: Record<string, unknown> = {};
  if (view.release) q.release = view.release;
  if (view.platforms.length) q.platforms = view.platforms;
  if (view.minState) q.minState = view.minState;
  if (view.precision) q.precision = view.precision;
  if (Object.keys(assets).length) q.assets = assets;
  if (view.evidence && caps.evidence) q.evidence = view.evidence;
  if (view.freshnessDays && caps.freshnessDays) q.freshnessDays = view.freshnessDays;
  return q;
}

export const adversaryOf = (view: MatrixView): Record<string, string> | null =>
  view.group ? { group: view.group } : view.software ? { software: view.software } : view.campaign ? { campaign: view.campaign } : null;

const ROWS = 'technique { attackId } platform hostsTotal hostsCovered hostsBlind';
const PAGE = 5000;

// The columns come from tacticMatrix (the coverage engine's model, in memory), not from tactics { techniques }
// (a database read of every technique's every property: ~200 ms).
export const MATRIX_QUERY = `query Matrix($release: String, $q: CoverageQuery) {
  attackReleases { domain version isDefault }
  platforms(release: $release) { name }
  tacticMatrix(query: $q) { tactic { attackId shortname name } techniqueList { attackId name } }
  coverage(query: $q, first: ${PAGE}) { totalCount release nodes { ${ROWS} } pageInfo { hasNextPage endCursor } }
}`;

const ROWS_QUERY = `query MatrixRows($q: CoverageQuery, $after: String) {
  coverage(query: $q, first: ${PAGE}, after: $after) { nodes { ${ROWS} } pageInfo { hasNextPage endCursor } }
}`;

export const DETECTION_QUERY = `query MatrixDetection($q: CoverageQuery, $after: String) {
  detectionCoverage(query: $q, first: ${PAGE}, after: $after) {
    nodes { technique { attackId } platform hostsDetected hostsVisibleNotDetected } pageInfo { hasNextPage endCursor }
  }
}`;

type Connection<T> = { nodes: T[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };

/** The rest of a connection's pages, for the rare matrix over PAGE rows. */
async function allPages<T>(first: Connection<T>, next: (after: string) => Promise<Connection<T>>): Promise<T[]> {
  const out = [...first.nodes];
  let page = first;
  while (page.pageInfo?.hasNextPage && page.pageInfo.endCursor) {
    page = await next(page.pageInfo.endCursor);
    out.push(...page.nodes);
  }
  return out;
}

const rowsOf = async (exec: Exec, q: Record<string, unknown>, first?: Connection<CountRow>): Promise<CountRow[]> => {
  const page = (after?: string) => exec(ROWS_QUERY, { q, after }).then((d) => d.coverage as Connection<CountRow>);
  return allPages(first ?? (await page()), page);
};

export interface LoadedMatrix {
  data: MatrixData;
  releases: { domain: string; version: string; isDefault: boolean }[];
  platforms: string[];
  rowCount: number;
}

/** The matrix of a view: its structure and rows in one request, the adversary's techniques beside them. */
export async function loadMatrix(exec: Exec, view: MatrixView, caps: Capabilities): Promise<LoadedMatrix> {
  const q = coverageQueryOf(view, caps);
  const adversary = adversaryOf(view);
  const [main, highlight] = await Promise.all([
    exec(MATRIX_QUERY, { release: view.release ?? null, q }),
    adversary ? rowsOf(exec, { ...q, ...adversary }) : Promise.resolve(null),
  ]);
  // tacticMatrix answers in matrix order.
  const tactics: MatrixTactic[] = main.tacticMatrix.map(
    (t: { tactic: Omit<MatrixTactic, 'techniques'>; techniqueList: MatrixTactic['techniques'] }) => ({
      ...t.tactic,
      techniques: t.techniqueList,
    }),
  );
  return {
    data: {
      release: main.coverage.release,
      tactics,
      rows: await rowsOf(exec, q, main.coverage),
      highlight: highlight && new Set(highlight.map((r) => r.technique.attackId)),
    },
    releases: main.attackReleases.filter((r: { domain: string }) => r.domain === 'enterprise-attack'),
    platforms: main.platforms.map((p: { name: string }) => p.name),
    rowCount: main.coverage.totalCount,
  };
}

/** Whether telemetry is imported (drift; the evidence layer needs the evidence field as well). */
export async function telemetryExists(exec: Exec, caps: Capabilities): Promise<boolean> {
  if (!caps.telemetryImports) return false;
  const data = await exec('{ telemetryImports { id status } }');
  return data.telemetryImports.some((i: { status: string }) => i.status === 'current');
}

/** The evidence layer's rows: coverage counting DECLARED collection and counting only OBSERVED. */
export async function loadEvidence(exec: Exec, view: MatrixView, caps: Capabilities): Promise<MatrixData['evidence']> {
  const q = coverageQueryOf(view, caps);
  const [declared, observed] = await Promise.all([
    rowsOf(exec, { ...q, evidence: 'DECLARED' }),
    rowsOf(exec, { ...q, evidence: 'OBSERVED' }),
  ]);
  return { declared, observed };
}

/** The detection layer's rows; null without the field or without rules (every visible host would read "not detected"). */
export async function loadDetection(exec: Exec, view: MatrixView, caps: Capabilities): Promise<DetectionRow[] | null> {
  if (!caps.detection) return null;
  if (caps.detectionRules && !(await exec('{ detectionRules(first: 0) { totalCount } }')).detectionRules.totalCount) return null;
  const q = coverageQueryOf(view, caps);
  const page = (after?: string) => exec(DETECTION_QUERY, { q, after }).then((d) => d.detectionCoverage as Connection<DetectionRow>);
  const rows = await allPages(await page(), page);
  // A server without detectionRules cannot say whether rules exist: nothing detected anywhere stands for none.
  return caps.detectionRules || rows.some((r) => r.hostsDetected > 0) ? rows : null;
}

/** One technique's panel: per platform what detects it, who collects it, the blind hosts; the top recommendation. */
export const PANEL_QUERY = `query TechniquePanel($id: ID!, $q: CoverageQuery, $rq: CoverageQuery) {
  techniqueCoverage(id: $id, query: $q) {
    technique { attackId name url }
    platforms {
      platform hostsTotal hostsCovered hostsBlind coverageRatio noAttackGuidance
      dataComponents { name hosts collectedBy { logSource { id name channel } configured tested monitored atMinState } }
      logSources { name channel hosts collectedBy { logSource { id name channel } configured tested monitored atMinState } }
      blindHosts(first: 20) { totalCount nodes { id hostname businessUnit environment criticality } pageInfo { hasNextPage endCursor } }
    }
  }
  recommendations(query: $rq, limit: 1) {
    logSource { id name channel } name channel blindPairs platforms closes { technique { attackId } platform hosts }
  }
}`;

export const BLIND_PAGE_QUERY = `query BlindHosts($id: ID!, $q: CoverageQuery, $after: String) {
  techniqueCoverage(id: $id, query: $q) {
    platforms { platform blindHosts(first: 20, after: $after) { totalCount nodes { id hostname businessUnit environment criticality } pageInfo { hasNextPage endCursor } } }
  }
}`;

/** The panel's rules for a technique: where they are deployed and where they cannot fire. */
export const RULES_QUERY = `query TechniqueRules($filter: DetectionRuleFilter) {
  detectionRules(filter: $filter, first: 50) {
    totalCount nodes { id title level platforms deployedHosts firingHosts cannotFireHosts mapped }
  }
}`;
