import { read } from '../db/neo4j';
import { coveredBy, logSourceKey } from './log-source-match';
import { NodeRecord } from './records';
import { resolveRelease } from './releases';

/** releaseDiff: what changed in a domain's techniques between two imported releases, by ATT&CK id. */
const D = 'attack/diff';

export interface TechniqueState {
  id: string;
  key: string;
  name: string;
  active: boolean;
  revoked: boolean;
  deprecated: boolean;
  replacedBy: string | null;
  tactics: string[];
  platforms: string[];
}

/** What ATT&CK says detects one technique on one platform, as node refs; `id` identifies across releases, `key` is the node. */
interface Ref {
  id: string;
  key: string;
}
/** An ATT&CK (name, channel) pair; `key` is the node. */
interface PairRef {
  name: string;
  channel: string | null;
  key: string;
}
export interface DetectionGuidance {
  id: string;
  platform: string;
  components: Ref[];
  logSources: PairRef[];
}

export interface ListChange {
  technique: string;
  from: string[];
  to: string[];
  added: string[];
  removed: string[];
}
export interface DetectionChange {
  technique: string;
  platform: string;
  dataComponentsAdded: string[];
  dataComponentsRemoved: string[];
  logSourcesAdded: string[];
  logSourcesRemoved: string[];
}

/** The diff as node keys: techniques as they are in `to`; components and log sources as in the release that has them. */
export interface DiffKeys {
  added: string[];
  removed: string[];
  revoked: string[];
  replacements: { technique: string; replacedBy: string | null }[];
  deprecated: string[];
  renamed: { technique: string; from: string; to: string }[];
  tacticsChanged: ListChange[];
  platformsChanged: ListChange[];
  detectionChanged: DetectionChange[];
}

/** One state per ATT&CK id; where a release has two objects for an id, the active one stands for it. */
function byId(states: TechniqueState[]): Map<string, TechniqueState> {
  const map = new Map<string, TechniqueState>();
  for (const s of states) if (!map.get(s.id)?.active) map.set(s.id, s);
  return map;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function listChange(technique: string, from: string[], to: string[]): ListChange | undefined {
  const a = sorted(from);
  const b = sorted(to);
  const added = b.filter((x) => !a.includes(x));
  const removed = a.filter((x) => !b.includes(x));
  return added.length || removed.length ? { technique, from: a, to: b, added, removed } : undefined;
}

/** Refs only in `after` (by id), as their keys in `after`. */
const onlyIn = (after: Ref[], before: Ref[]) => {
  const seen = new Set(before.map((r) => r.id));
  const keys = new Map<string, string>();
  for (const r of after) if (!seen.has(r.id) && !keys.has(r.id)) keys.set(r.id, r.key);
  return [...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, key]) => key);
};

/**
 * Pairs of `after` that name something `before` does not: a log, or a channel member of it, that no
 * pair of `before` matches (INVENTORY.md v1.1). A respelt log (`XmlWinEventLog:`, a channel's full
 * name) or a list that only regroups the same events is no change; (Sysmon, `EventCode=3`) becoming
 * (Sysmon, `EventCode=3, 22`) adds the latter and removes nothing. As their keys in `after`, by spelling.
 */
const pairsOnlyIn = (after: PairRef[], before: PairRef[]) => {
  const others = before.map((p) => logSourceKey(p.name, p.channel));
  const keys = new Map<string, string>();
  for (const p of after) {
    const id = `${p.name}|${p.channel ?? ''}`;
    if (!keys.has(id) && !coveredBy(logSourceKey(p.name, p.channel), others)) keys.set(id, p.key);
  }
  return [...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, key]) => key);
};

/**
 * The comparison, pure: added = active in `to`, absent or inactive in `from`; revoked and
 * deprecated = active in `from`, revoked / deprecated in `to`; removed = active in `from`, absent
 * from `to`; the other changes are between techniques active in both.
 */
export function diffReleases(
  from: TechniqueState[],
  to: TechniqueState[],
  fromDetection: DetectionGuidance[],
  toDetection: DetectionGuidance[],
): DiffKeys {
  const before = byId(from);
  const after = byId(to);
  const ids = sorted(after.keys());
  const diff: DiffKeys = {
    added: [],
    removed: [],
    revoked: [],
    replacements: [],
    deprecated: [],
    renamed: [],
    tacticsChanged: [],
    platformsChanged: [],
    detectionChanged: [],
  };
  for (const id of sorted(before.keys())) if (before.get(id)!.active && !after.has(id)) diff.removed.push(before.get(id)!.key);
  const stayed: string[] = [];
  for (const id of ids) {
    const b = after.get(id)!;
    const a = before.get(id);
    if (b.active && !a?.active) diff.added.push(b.key);
    if (!a?.active) continue;
    if (b.revoked) {
      diff.revoked.push(b.key);
      const replacement = b.replacedBy ? after.get(b.replacedBy) : undefined;
      diff.replacements.push({ technique: b.key, replacedBy: replacement?.key ?? null });
    } else if (b.deprecated) diff.deprecated.push(b.key);
    if (!b.active) continue;
    stayed.push(id);
    if (a.name !== b.name) diff.renamed.push({ technique: b.key, from: a.name, to: b.name });
    const tactics = listChange(b.key, a.tactics, b.tactics);
    if (tactics) diff.tacticsChanged.push(tactics);
    const platforms = listChange(b.key, a.platforms, b.platforms);
    if (platforms) diff.platformsChanged.push(platforms);
  }

  const index = (rows: DetectionGuidance[]) => new Map(rows.map((r) => [`${r.id}\u0000${r.platform}`, r]));
  const detectedBefore = index(fromDetection);
  const detectedAfter = index(toDetection);
  for (const id of stayed) {
    const a = before.get(id)!;
    const b = after.get(id)!;
    for (const platform of sorted([...a.platforms, ...b.platforms])) {
      const was = detectedBefore.get(`${id}\u0000${platform}`) ?? { components: [], logSources: [] };
      const is = detectedAfter.get(`${id}\u0000${platform}`) ?? { components: [], logSources: [] };
      const change: DetectionChange = {
        technique: b.key,
        platform,
        dataComponentsAdded: onlyIn(is.components, was.components),
        dataComponentsRemoved: onlyIn(was.components, is.components),
        logSourcesAdded: pairsOnlyIn(is.logSources, was.logSources),
        logSourcesRemoved: pairsOnlyIn(was.logSources, is.logSources),
      };
      if (
        change.dataComponentsAdded.length ||
        change.dataComponentsRemoved.length ||
        change.logSourcesAdded.length ||
        change.logSourcesRemoved.length
      ) {
        diff.detectionChanged.push(change);
      }
    }
  }
  return diff;
}

// The rows' keys are the statements' columns, so tsc holds these interfaces to them (values unchecked).
const states = async (generation: string) => (await read(D, 'techniqueStates', { generation })) as TechniqueState[];
const detections = async (generation: string) => (await read(D, 'detectionByPlatform', { generation })) as DetectionGuidance[];

/** Every node key a diff mentions, fetched in one round trip. */
async function nodesByKey(diff: DiffKeys): Promise<Map<string, NodeRecord>> {
  const keys = new Set<string>([
    ...diff.added,
    ...diff.removed,
    ...diff.revoked,
    ...diff.deprecated,
    ...diff.replacements.flatMap((r) => (r.replacedBy ? [r.technique, r.replacedBy] : [r.technique])),
    ...[...diff.renamed, ...diff.tacticsChanged, ...diff.platformsChanged].map((c) => c.technique),
    ...diff.detectionChanged.flatMap((c) => [
      c.technique,
      ...c.dataComponentsAdded,
      ...c.dataComponentsRemoved,
      ...c.logSourcesAdded,
      ...c.logSourcesRemoved,
    ]),
  ]);
  const rows = await read(D, 'nodes', { keys: [...keys] });
  return new Map(rows.map((r) => [(r.node as NodeRecord).key, r.node as NodeRecord]));
}

export async function releaseDiff(domain: string, fromVersion: string, toVersion: string) {
  const [from, to] = await Promise.all([resolveRelease(domain, fromVersion), resolveRelease(domain, toVersion)]);
  const [fromStates, toStates, fromDetection, toDetection] = await Promise.all([
    states(from),
    states(to),
    detections(from),
    detections(to),
  ]);
  const diff = diffReleases(fromStates, toStates, fromDetection, toDetection);
  const nodes = await nodesByKey(diff);
  const node = (key: string) => nodes.get(key)!;
  const nodeList = (keys: string[]) => keys.map(node);
  return {
    domain,
    from: fromVersion,
    to: toVersion,
    added: nodeList(diff.added),
    removed: nodeList(diff.removed),
    revoked: nodeList(diff.revoked),
    replacements: diff.replacements.map((r) => ({ technique: node(r.technique), replacedBy: r.replacedBy ? node(r.replacedBy) : null })),
    deprecated: nodeList(diff.deprecated),
    renamed: diff.renamed.map((r) => ({ ...r, technique: node(r.technique) })),
    tacticsChanged: diff.tacticsChanged.map((c) => ({ ...c, technique: node(c.technique) })),
    platformsChanged: diff.platformsChanged.map((c) => ({ ...c, technique: node(c.technique) })),
    detectionChanged: diff.detectionChanged.map((c) => ({
      technique: node(c.technique),
      platform: c.platform,
      dataComponentsAdded: nodeList(c.dataComponentsAdded),
      dataComponentsRemoved: nodeList(c.dataComponentsRemoved),
      logSourcesAdded: nodeList(c.logSourcesAdded),
      logSourcesRemoved: nodeList(c.logSourcesRemoved),
    })),
  };
}

export type ReleaseDiffRecord = Awaited<ReturnType<typeof releaseDiff>>;
