import { InputError } from '../errors';
import { channelMembers } from '../attack/log-source-match';
import { Resolvers } from '../generated/graphql';
import { connection, decodeCursor, pageSize } from '../server/pagination';
import { detectionDelta } from './delta';
import { detectionRecommendations, threatDetection } from './recommendations';
import { layerFor } from './exports';
import { detectionCoverage, detectionRules } from './views';

/** Detections over GraphQL: thin, each field one call to ./views.ts with the server's caches. */
export const detectionResolvers: Resolvers = {
  Query: {
    detectionRules: async (_, { filter, first, after }, ctx) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 5000);
      const { release, rules } = await detectionRules(ctx.services.caches, filter ?? {});
      return { ...connection(rules.slice(skip, skip + limit), skip, rules.length), release };
    },
    detectionCoverage: async (_, { query, first, after, onlyVisibleNotDetected }, ctx) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 5000);
      const { release, rows } = await detectionCoverage(ctx.services.caches, query ?? {}, onlyVisibleNotDetected ?? false);
      return { ...connection(rows.slice(skip, skip + limit), skip, rows.length), release };
    },
    detectionRecommendations: (_, { query, limit }, ctx) => {
      const size = limit ?? 20;
      if (size < 0 || size > 200) throw new InputError('limit must be between 0 and 200');
      return detectionRecommendations(ctx.services.caches, query ?? {}, size);
    },
    threatDetection: (_, { query }, ctx) => threatDetection(ctx.services.caches, query),
    navigatorLayer: async (_, { query, name, score }, ctx) => {
      const { layer, downloadUrl, fileName } = await layerFor(ctx.services.caches, query ?? {}, name, score ?? 'VISIBILITY');
      return { layer, downloadUrl, fileName };
    },
  },
  DetectionRecommendation: {
    ruleCount: (r) => r.rules.length,
    rules: (r, { first }) => r.rules.slice(0, pageSize(first, 10, 5000)).map((x) => ({ rule: x.view, hosts: x.hosts })),
  },
  ThreatDetection: {
    techniqueCount: (t) => t.detected.length + t.visibleOnly.length + t.blind.length,
    detectedCount: (t) => t.detected.length,
    visibleOnlyCount: (t) => t.visibleOnly.length,
    blindCount: (t) => t.blind.length,
  },
  ThreatTechnique: {
    technique: (t) => t.technique,
  },
  // Computed only when asked for, as coverageDelta: it needs an inventory and rules.
  ReleaseDiff: {
    detectionDelta: (diff, { query }, ctx) => detectionDelta(ctx.services.caches, diff.domain, diff.from, diff.to, query),
  },
  DetectionRule: {
    id: (v) => v.rule.id,
    title: (v) => v.rule.title,
    status: (v) => v.rule.status,
    level: (v) => v.rule.level,
    path: (v) => v.rule.path,
    techniques: (v) => v.techniques,
    requirements: (v) => [
      ...v.rule.requirements.map((q) => ({
        name: q.name,
        channel: q.channel,
        members: channelMembers(q.channel) ?? [],
        logSourceId: null,
      })),
      ...v.rule.logSources.map((id) => ({ name: `@${id}`, channel: null, members: [], logSourceId: id })),
    ],
    platforms: (v) => v.rule.platforms,
    mapped: (v) => v.rule.mapped,
    source: (v) => v.rule.source,
    tags: (v) => v.rule.tags,
    attackIds: (v) => v.rule.attackIds,
    logsourceProduct: (v) => v.rule.product,
    logsourceCategory: (v) => v.rule.category,
    logsourceService: (v) => v.rule.service,
  },
  DetectionCoverageRow: {
    technique: (r) => r.technique.node,
    ruleCount: (r) => r.rules.length,
    rules: (r, { first }) => r.rules.slice(0, pageSize(first, 100, 5000)),
  },
};
