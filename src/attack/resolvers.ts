import { Resolvers } from '../generated/graphql';
import { Context } from '../server/context';
import { connection, decodeCursor, pageSize } from '../server/pagination';
import { RelationName } from '../db/cypher';
import { Row } from '../db/neo4j';
import {
  AdversaryLabel,
  findAdversary,
  findTechnique,
  findTechniques,
  listAdversaries,
  listDataComponents,
  listDataSources,
  listDetectionStrategies,
  listMitigations,
  listPlatforms,
  listTactics,
} from './queries';
import { LogSourceReferenceRecord, NodeRecord, PlatformDetectionRecord, versionOf } from './records';
import { defaultReleases, listReleases, resolveRelease } from './releases';
import { releasePlatformsFor } from '../inventory/platforms';

const Q = 'attack/queries';

/** A field that follows one relation, batched across all parents of the request. */
const related =
  <T = NodeRecord>(statement: RelationName<typeof Q>, params: (args: Record<string, unknown>) => Row = () => ({})) =>
  (parent: NodeRecord, args: Record<string, unknown>, ctx: Context) =>
    ctx.loaders.related(Q, statement, params(args)).load(parent.key) as Promise<T[]>;
const relatedOne = (statement: RelationName<typeof Q>) => async (parent: NodeRecord, _: unknown, ctx: Context) =>
  ((await ctx.loaders.related(Q, statement).load(parent.key))[0] as NodeRecord | undefined) ?? null;

/** Fields every ATT&CK object resolves the same way. */
const attackObject = {
  release: (o: NodeRecord) => versionOf(o.generation),
};

const adversaries =
  (label: AdversaryLabel) =>
  async (_: unknown, args: { domain?: string | null; release?: string | null; text?: string | null; includeRevoked?: boolean | null }) =>
    listAdversaries(label, await resolveRelease(args.domain, args.release), args.text ?? null, args.includeRevoked ?? false);

const platformNames = async (o: NodeRecord, _: unknown, ctx: Context) =>
  ((await ctx.loaders.related(Q, 'platformsOf').load(o.key)) as NodeRecord[]).map((p) => p.name as string);

const typeOfAdversary = (o: NodeRecord) => (o.type === 'intrusion-set' ? 'Group' : o.type === 'campaign' ? 'Campaign' : 'Software');

export const attackResolvers: Resolvers = {
  Query: {
    attackReleases: async () => {
      const releases = await listReleases();
      const defaults = defaultReleases(releases);
      return releases.map((r) => ({
        ...r,
        specVersion: r.specVersion ?? null,
        objectCounts: Object.entries(JSON.parse(r.counts) as Record<string, number>).map(([name, count]) => ({ name, count })),
        isDefault: defaults.get(r.domain)?.key === r.key,
      }));
    },
    technique: async (_, { id, domain, release }) => findTechnique(await resolveRelease(domain, release), id),
    techniques: async (_, { filter, first, after }) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 5000);
      const generation = await resolveRelease(filter?.domain, filter?.release);
      // "AWS" finds IaaS techniques in 18.1, "Azure AD" Identity Provider ones: the inventory's aliases.
      const platforms = filter?.platform
        ? releasePlatformsFor(
            filter.platform,
            (await listPlatforms(generation)).map((p) => p.name),
          )
        : null;
      const { total, page } = await findTechniques({
        generation,
        platforms,
        tactic: filter?.tactic ?? null,
        text: filter?.text ?? null,
        includeRevoked: filter?.includeRevoked ?? false,
        includeSubtechniques: filter?.includeSubtechniques ?? true,
        skip,
        limit,
      });
      return connection(page, skip, total);
    },
    tactics: async (_, { domain, release }) => listTactics(await resolveRelease(domain, release)),
    platforms: async (_, { domain, release }) => listPlatforms(await resolveRelease(domain, release)),
    dataSources: async (_, { domain, release, includeDeprecated }) =>
      listDataSources(await resolveRelease(domain, release), includeDeprecated ?? true),
    dataComponents: async (_, { domain, release, includeDeprecated }) =>
      listDataComponents(await resolveRelease(domain, release), includeDeprecated ?? false),
    detectionStrategies: async (_, { domain, release, technique }) =>
      listDetectionStrategies(await resolveRelease(domain, release), technique ?? null),
    groups: adversaries('Group'),
    software: adversaries('Software'),
    campaigns: adversaries('Campaign'),
    mitigations: async (_, { domain, release, includeDeprecated }) =>
      listMitigations(await resolveRelease(domain, release), includeDeprecated ?? false),
    adversary: async (_, { id, domain, release }) => findAdversary(await resolveRelease(domain, release), id),
  },
  AttackObject: {
    __resolveType: (o) =>
      (
        ({
          'attack-pattern': 'Technique',
          'x-mitre-tactic': 'Tactic',
          'x-mitre-data-source': 'DataSourceObject',
          'x-mitre-data-component': 'DataComponent',
          'x-mitre-detection-strategy': 'DetectionStrategy',
          'x-mitre-analytic': 'Analytic',
          'intrusion-set': 'Group',
          malware: 'Software',
          tool: 'Software',
          campaign: 'Campaign',
          'course-of-action': 'Mitigation',
        }) as const
      )[o.type as string] ?? 'Technique',
  },
  Adversary: { __resolveType: (o) => typeOfAdversary(o) },
  Technique: {
    ...attackObject,
    dataSourceStrings: (t) => (t.dataSources as string[]) ?? [],
    platforms: (t) => (t.platforms as string[]) ?? [],
    tactics: related('tacticsOf'),
    parent: relatedOne('parentOf'),
    subtechniques: related('subtechniquesOf'),
    dataComponents: related('componentsDetecting', (a) => ({ platform: a.platform ?? null })),
    detectionByPlatform: related<PlatformDetectionRecord>('detectionByPlatform'),
    detectionStrategies: related('detectionStrategiesOf'),
    mitigations: related('mitigationsOf'),
    groups: related('usersOf', () => ({ label: 'Group' })),
    software: related('usersOf', () => ({ label: 'Software' })),
    campaigns: related('usersOf', () => ({ label: 'Campaign' })),
  },
  Tactic: {
    ...attackObject,
    techniques: related('techniquesInTactic', (a) => ({ includeSubtechniques: a.includeSubtechniques ?? true })),
  },
  DataSourceObject: {
    ...attackObject,
    platforms: platformNames,
    collectionLayers: (d) => (d.collectionLayers as string[]) ?? [],
    dataComponents: related('componentsOfSource'),
  },
  DataComponent: {
    ...attackObject,
    dataSource: relatedOne('dataSourceOf'),
    logSources: related('logSourcesOfComponent'),
    techniques: related('techniquesOfComponent'),
  },
  AttackLogSource: { dataComponents: related('componentsOfLogSource') },
  DetectionStrategy: {
    ...attackObject,
    techniques: related('techniquesDetectedBy'),
    analytics: related('analyticsOf', (a) => ({ platform: a.platform ?? null })),
    platforms: async (s, _, ctx) => {
      const analytics = (await ctx.loaders.related(Q, 'analyticsOf', { platform: null }).load(s.key)) as NodeRecord[];
      return [...new Set(analytics.flatMap((a) => (a.platforms as string[]) ?? []))].sort();
    },
  },
  Analytic: {
    ...attackObject,
    platforms: (a) => (a.platforms as string[]) ?? [],
    logSourceReferences: related<LogSourceReferenceRecord>('logSourceReferencesOf'),
  },
  Group: {
    ...attackObject,
    aliases: (g) => (g.aliases as string[]) ?? [],
    techniques: related('usedBy', () => ({ label: 'Technique' })),
    software: related('usedBy', () => ({ label: 'Software' })),
    campaigns: related('campaignsOfGroup'),
  },
  Software: {
    ...attackObject,
    type: (s) => s.softwareType as string,
    isFamily: (s) => (s.isFamily as boolean | null) ?? null,
    aliases: (s) => (s.aliases as string[]) ?? [],
    platforms: platformNames,
    techniques: related('usedBy', () => ({ label: 'Technique' })),
    groups: related('usersOf', () => ({ label: 'Group' })),
  },
  Campaign: {
    ...attackObject,
    aliases: (c) => (c.aliases as string[]) ?? [],
    techniques: related('usedBy', () => ({ label: 'Technique' })),
    software: related('usedBy', () => ({ label: 'Software' })),
    groups: related('attributedGroups'),
  },
  Mitigation: { ...attackObject, techniques: related('mitigatedTechniques') },
};
