/**
 * The matrix as /matrix and `attack-kg report` show it, built from GraphQL answers (the page's
 * over HTTP, the report's in process): tactics as columns in matrix order, each technique a cell,
 * its sub-techniques under it, and per cell the counts summed over the selected platforms.
 * DOM-free and Node-free: the browser bundle and the CLI both import it.
 */
export type Layer = 'visibility' | 'detection' | 'evidence';
export const LAYERS: Layer[] = ['visibility', 'detection', 'evidence'];

export interface MatrixTactic {
  attackId: string;
  shortname: string;
  name: string;
  techniques: { attackId: string; name: string }[];
}

/** A coverage row as `coverage(...)` answers it. */
export interface CountRow {
  technique: { attackId: string };
  platform: string;
  hostsTotal: number;
  hostsCovered: number;
  hostsBlind: number;
}

/** A row of `detectionCoverage(...)`. */
export interface DetectionRow {
  technique: { attackId: string };
  platform: string;
  hostsDetected: number;
  hostsVisibleNotDetected: number;
}

export interface Cell {
  id: string;
  name: string;
  /** Host counts summed over the selected platforms that have hosts (a host counts once per platform). */
  total: number;
  covered: number;
  blind: number;
  platforms: string[];
  detected?: number;
  visibleNotDetected?: number;
  /** Evidence layer: covered counting declared collection, and counting only what telemetry confirms. */
  declaredCovered?: number;
  observedCovered?: number;
  /** An adversary is chosen and this technique is not one of its. */
  dimmed: boolean;
  subs: Cell[];
}

export interface MatrixColumn {
  tactic: { attackId: string; shortname: string; name: string };
  cells: Cell[];
}

export interface MatrixData {
  release: string;
  tactics: MatrixTactic[];
  rows: CountRow[];
  /** The adversary's techniques (ids), or null without an adversary. */
  highlight?: Set<string> | null;
  detection?: DetectionRow[] | null;
  evidence?: { declared: CountRow[]; observed: CountRow[] } | null;
}

export interface MatrixModel {
  release: string;
  columns: MatrixColumn[];
  /** Every cell by ATT&CK id (a technique in several tactics is one cell shown in each). */
  cells: Map<string, Cell>;
  layers: Record<Layer, boolean>;
}

const parentOf = (id: string) => (id.includes('.') ? id.slice(0, id.indexOf('.')) : null);

export function buildMatrix(data: MatrixData): MatrixModel {
  const cells = new Map<string, Cell>();
  const cell = (id: string, name: string): Cell => {
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { id, name, total: 0, covered: 0, blind: 0, platforms: [], dimmed: false, subs: [] }));
    return c;
  };
  for (const t of data.tactics) for (const x of t.techniques) cell(x.attackId, x.name);
  for (const r of data.rows) {
    const c = cells.get(r.technique.attackId);
    if (!c) continue;
    c.total += r.hostsTotal;
    c.covered += r.hostsCovered;
    c.blind += r.hostsBlind;
    c.platforms.push(r.platform);
  }
  if (data.detection) {
    for (const c of cells.values()) if (c.total) [c.detected, c.visibleNotDetected] = [0, 0];
    for (const r of data.detection) {
      const c = cells.get(r.technique.attackId);
      if (!c || c.detected === undefined) continue;
      c.detected += r.hostsDetected;
      c.visibleNotDetected! += r.hostsVisibleNotDetected;
    }
  }
  if (data.evidence) {
    for (const c of cells.values()) if (c.total) [c.declaredCovered, c.observedCovered] = [0, 0];
    const add = (rows: CountRow[], key: 'declaredCovered' | 'observedCovered') => {
      for (const r of rows) {
        const c = cells.get(r.technique.attackId);
        if (c && c[key] !== undefined) c[key] += r.hostsCovered;
      }
    };
    add(data.evidence.declared, 'declaredCovered');
    add(data.evidence.observed, 'observedCovered');
  }
  if (data.highlight) for (const c of cells.values()) c.dimmed = !data.highlight.has(c.id);

  const byName = (a: Cell, b: Cell) => a.name.localeCompare(b.name);
  const columns = data.tactics.map((t) => {
    const top: Cell[] = [];
    const subs = new Map<string, Cell[]>();
    for (const x of t.techniques) {
      const parent = parentOf(x.attackId);
      if (parent) subs.set(parent, [...(subs.get(parent) ?? []), cells.get(x.attackId)!]);
      else top.push(cells.get(x.attackId)!);
    }
    // Sub-techniques by id under their parent (the parent's own list, the same in every tactic).
    for (const c of top) c.subs = (subs.get(c.id) ?? []).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return { tactic: { attackId: t.attackId, shortname: t.shortname, name: t.name }, cells: top.sort(byName) };
  });
  return {
    release: data.release,
    columns,
    cells,
    layers: {
      visibility: true,
      // loadDetection answers null when no rule exists.
      detection: !!data.detection?.length,
      evidence: !!data.evidence,
    },
  };
}

/** What a layer shows in a cell: a share in [0, 1] (the colour), a count (the number) and what they mean. */
export interface CellValue {
  share: number | null;
  count: number | null;
  text: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function valueOf(c: Cell, layer: Layer): CellValue {
  const label = `${c.id} ${c.name}`;
  if (!c.total) return { share: null, count: null, text: `${label}: no hosts on its platforms` };
  switch (layer) {
    case 'visibility':
      return {
        share: c.covered / c.total,
        count: c.blind,
        text: `${label}: ${pct(c.covered / c.total)} covered, ${c.blind} of ${c.total} hosts blind`,
      };
    case 'detection': {
      if (c.detected === undefined) return { share: null, count: null, text: `${label}: no detection data` };
      return {
        share: c.detected / c.total,
        count: c.visibleNotDetected!,
        text: `${label}: ${c.detected} of ${c.total} hosts detected, ${c.visibleNotDetected} visible but not detected`,
      };
    }
    case 'evidence': {
      if (c.observedCovered === undefined) return { share: null, count: null, text: `${label}: no evidence data` };
      const unconfirmed = Math.max(0, c.declaredCovered! - c.observedCovered);
      return {
        share: c.observedCovered / c.total,
        count: unconfirmed,
        text: `${label}: ${c.observedCovered} of ${c.total} hosts covered by observed telemetry, ${unconfirmed} declared covered but not observed`,
      };
    }
  }
}

export const LAYER_LEGEND: Record<Layer, { colour: string; number: string }> = {
  visibility: { colour: 'share of hosts covered (a log source providing what detects it, at minState)', number: 'blind hosts' },
  detection: { colour: 'share of hosts where a rule detects it', number: 'hosts visible but not detected' },
  evidence: { colour: 'share of hosts covered by OBSERVED (fresh) telemetry', number: 'hosts DECLARED covered but not observed' },
};

/** Techniques with hosts, classified as the tacticMatrix query does: covered everywhere, partially, nowhere. */
export function headline(model: MatrixModel): { covered: number; partial: number; blind: number; noHosts: number } {
  const out = { covered: 0, partial: 0, blind: 0, noHosts: 0 };
  for (const c of model.cells.values()) {
    if (!c.total) out.noHosts += 1;
    else if (c.blind === 0) out.covered += 1;
    else if (c.covered === 0) out.blind += 1;
    else out.partial += 1;
  }
  return out;
}
