import { read, Row } from '../db/neo4j';
import { NodeRecord } from './records';

/** Query functions over ATT&CK: resolvers call these, these run cypher/attack/queries.cypher. */
const Q = 'attack/queries';
const nodes = (rows: Row[]) => rows.map((r) => r.node as NodeRecord);

export async function findTechnique(release: string, id: string) {
  return nodes(await read(Q, 'technique', { release, id }))[0] ?? null;
}

export interface TechniqueQuery {
  release: string;
  platforms: string[] | null;
  tactic: string | null;
  text: string | null;
  includeRevoked: boolean;
  includeSubtechniques: boolean;
  skip: number;
  limit: number;
}

export async function findTechniques(q: TechniqueQuery) {
  const [row] = await read(Q, 'techniques', { ...q });
  return { total: Number(row?.total ?? 0), page: (row?.page ?? []) as NodeRecord[] };
}

export const listTactics = async (release: string) => nodes(await read(Q, 'tactics', { release }));

export const listPlatforms = async (release: string) =>
  (await read(Q, 'platforms', { release })).map((r) => ({ name: r.name as string, techniqueCount: Number(r.techniqueCount) }));

export async function listDataSources(release: string, includeDeprecated: boolean) {
  const objects = nodes(await read(Q, 'dataSourceObjects', { release, includeDeprecated }));
  if (objects.length) return objects.map((o) => ({ name: o.name as string, object: o, techniqueCount: 0 }));
  return (await read(Q, 'dataSourceStrings', { release })).map((r) => ({
    name: r.name as string,
    object: null,
    techniqueCount: Number(r.techniqueCount),
  }));
}

export const listDataComponents = async (release: string, includeDeprecated: boolean) =>
  nodes(await read(Q, 'dataComponents', { release, includeDeprecated }));

export const listDetectionStrategies = async (release: string, technique: string | null) =>
  nodes(await read(Q, 'detectionStrategies', { release, technique }));

export type AdversaryLabel = 'Group' | 'Software' | 'Campaign';
export const listAdversaries = async (label: AdversaryLabel, release: string, text: string | null, includeRevoked: boolean) =>
  nodes(await read(Q, 'adversaries', { label, release, text, includeRevoked }));

export const findAdversary = async (release: string, id: string) => nodes(await read(Q, 'adversary', { release, id }))[0] ?? null;

export const listMitigations = async (release: string, includeDeprecated: boolean) =>
  nodes(await read(Q, 'mitigations', { release, includeDeprecated }));
