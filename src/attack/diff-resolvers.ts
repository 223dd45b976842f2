import { Resolvers } from '../generated/graphql';
import { coverageDelta } from './coverage-delta';
import { releaseDiff } from './diff';

export const diffResolvers: Resolvers = {
  Query: { releaseDiff: (_, { domain, from, to }) => releaseDiff(domain, from, to) },
  // Computed only when asked for: it needs an inventory, the rest of the diff does not.
  ReleaseDiff: { coverageDelta: (diff, { query }, ctx) => coverageDelta(ctx.services.caches, diff.domain, diff.from, diff.to, query) },
};
