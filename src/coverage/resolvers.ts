import { InputError } from '../errors';
import { CoveragePrecision, Resolvers } from '../generated/graphql';
import { connection, decodeCursor, pageSize } from '../server/pagination';
import { isoOf } from '../telemetry/records';
import { coverage } from './coverage';
import { Precision } from './engine';
import { blindHosts } from './views/blind-hosts';
import { controlCoverage } from './views/control-coverage';
import { recommendations } from './views/recommendations';
import { singlePointsOfFailure } from './views/single-points-of-failure';
import { tacticMatrix } from './views/tactic-matrix';
import { techniqueCoverage } from './views/technique-coverage';

/** Coverage over GraphQL: thin, each field one call to the query functions of this folder, with the server's caches. */
const MAX_RECOMMENDATIONS = 500;

/** Compile-time: the engine's precisions are the schema's CoveragePrecision (engine.ts cannot import the generated types). */
const samePrecisions: [CoveragePrecision] extends [Precision] ? ([Precision] extends [CoveragePrecision] ? true : never) : never = true;
void samePrecisions;

export const coverageResolvers: Resolvers = {
  Query: {
    coverage: async (_, { query, first, after }, ctx) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 5000);
      const { resolved, rows } = await coverage(ctx.services.caches, query ?? {});
      return {
        ...connection(rows.slice(skip, skip + limit), skip, rows.length),
        release: resolved.release.version,
        evidence: resolved.evidence,
        telemetryAsOf: isoOf(resolved.asOf),
      };
    },
    techniqueCoverage: (_, { id, query }, ctx) => techniqueCoverage(ctx.services.caches, id, query ?? {}),
    recommendations: (_, { query, limit }, ctx) => {
      const size = limit ?? 20;
      if (size < 0 || size > MAX_RECOMMENDATIONS) throw new InputError(`limit must be between 0 and ${MAX_RECOMMENDATIONS}`);
      return recommendations(ctx.services.caches, query ?? {}, size);
    },
    singlePointsOfFailure: (_, { query }, ctx) => singlePointsOfFailure(ctx.services.caches, query ?? {}),
    controlCoverage: (_, { query }, ctx) => controlCoverage(ctx.services.caches, query ?? {}),
    tacticMatrix: (_, { query }, ctx) => tacticMatrix(ctx.services.caches, query ?? {}),
  },
  CoverageRow: { technique: (r) => r.technique.node },
  SinglePointOfFailure: { technique: (r) => r.technique.node },
  PlatformCoverage: {
    blindHosts: async (p, { first, after }) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 1000);
      return connection(await blindHosts(p.blind, skip, limit), skip, p.hostsBlind);
    },
  },
};
