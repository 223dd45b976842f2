import { read, Row } from '../db/neo4j';
import { NodeRecord } from './records';

/** Query functions over ATT&CK: resolvers call these, these run cypher/attack/queries.cypher. */
const Q = 'attack/queries';
const nodes = (rows: Row[]) => rows.map((r) => r.node as NodeRecord);

export async function findTechnique(generation: string, id: string) {
  return nodes(await read(Q, 'technique', { generation, id }))[0] ?? null;
}

export interface TechniqueQuery {
  generation: string;
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

export const listTactics = async (generation: string) => nodes(await read(Q, 'tactics', { generation }));

export const listPlatforms = async (generation: string) =>
  (await read(Q, 'platforms', { generation })).map((r) => ({ name: r.name as string, techniqueCount: Number(r.techniqueCount) }));

export async function listDataSources(generation: string, includeDeprecated: boolean) {
  const objects = nodes(await read(Q, 'dataSourceObjects', { generation, includeDeprecated }));
  if (objects.length) return objects.map((o) => ({ name: o.name as string, object: o, techniqueCount: 0 }));
  return (await read(Q, 'dataSourceStrings', { generation })).map((r) => ({
    name: r.name as string,
    object: null,
    techniqueCount: Number(r.techniqueCount),
  }));
}

export const listDataComponents = async (generation: string, includeDeprecated: boolean) =>
  nodes(await read(Q, 'dataComponents', { generation, includeDeprecated }));

export const listDetectionStrategies = async (generation: string, technique: string | null) =>
  nodes(await read(Q, 'detectionStrategies', { generation, technique }));

export type AdversaryLabel = 'Group' | 'Software' | 'Campaign';
export const listAdversaries = async (label: AdversaryLabel, generation: string, text: string | null, includeRevoked: boolean) =>
  nodes(await read(Q, 'adversaries', { label, generation, text, includeRevoked }));

export const findAdversary = async (generation: string, id: string) => nodes(await read(Q, 'adversary', { generation, id }))[0] ?? null;

export const listMitigations = async (generation: string, includeDeprecated: boolean) =>
  nodes(await read(Q, 'mitigations', { generation, includeDeprecated }));
