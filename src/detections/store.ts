import { read } from '../db/neo4j';
import { DeploymentPlan, DetectionRuleRecord } from './rule';

/**
 * The stored rule set (cypher/detections): a DetectionRuleSet node per import, `current` for the
 * one in force, and its DetectionRule nodes. This is the one mapping between a rule record and
 * its node properties, both ways.
 */
const Q = 'detections/queries';

export interface RuleSetRecord {
  id: string;
  importedAt: string;
  plan: DeploymentPlan;
  /** The import's summary (JSON). */
  summary: string;
}

/** A rule as node properties (requirements as parallel lists: a property cannot hold maps). */
export function ruleProperties(set: string, r: DetectionRuleRecord): Record<string, unknown> {
  return {
    key: `${set}|${r.id}`,
    set,
    id: r.id,
    title: r.title,
    status: r.status,
    level: r.level,
    path: r.path,
    source: r.source,
    product: r.product,
    category: r.category,
    service: r.service,
    tags: r.tags,
    attackIds: r.attackIds,
    requirementNames: r.requirements.map((q) => q.name),
    requirementChannels: r.requirements.map((q) => q.channel ?? ''),
    logSources: r.logSources,
    platforms: r.platforms,
    mapped: r.mapped,
    eventIds: r.eventIds,
  };
}

const strings = (v: unknown) => (v as string[] | null) ?? [];

export function ruleOfNode(n: Record<string, unknown>): DetectionRuleRecord {
  const names = strings(n.requirementNames);
  const channels = strings(n.requirementChannels);
  return {
    id: n.id as string,
    title: n.title as string,
    status: (n.status as string | null) ?? null,
    level: (n.level as string | null) ?? null,
    path: (n.path as string | null) ?? null,
    source: n.source as 'sigma' | 'csv',
    product: (n.product as string | null) ?? null,
    category: (n.category as string | null) ?? null,
    service: (n.service as string | null) ?? null,
    tags: strings(n.tags),
    attackIds: strings(n.attackIds),
    requirements: names.map((name, i) => ({ name, channel: channels[i] || null })),
    logSources: strings(n.logSources),
    platforms: strings(n.platforms),
    mapped: Boolean(n.mapped),
    eventIds: ((n.eventIds as unknown[] | null) ?? []).map(Number),
  };
}

export async function currentRuleSet(): Promise<RuleSetRecord | undefined> {
  const [row] = await read(Q, 'currentRuleSet');
  const n = row?.node as Record<string, unknown> | undefined;
  return (
    n && {
      id: n.id as string,
      importedAt: n.importedAt as string,
      plan: JSON.parse(n.plan as string) as DeploymentPlan,
      summary: n.summary as string,
    }
  );
}

export const readRules = async (set: string): Promise<DetectionRuleRecord[]> =>
  (await read(Q, 'rules', { set })).map((r) => ruleOfNode(r.node as Record<string, unknown>));

export const inventoryLogSourceIds = async (): Promise<Set<string>> =>
  new Set((await read(Q, 'inventoryLogSourceIds')).map((r) => r.id as string));
