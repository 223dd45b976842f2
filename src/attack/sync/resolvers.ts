import type { Resolvers } from '../../generated/graphql';
import { checkDomains } from '../domains';
import { SyncFailedError } from './sync-attack';

/** syncStatus, and the syncAttack mutation (admins only: the server's mutation guard). */
export const syncResolvers: Resolvers = {
  Query: { syncStatus: (_, __, ctx) => ctx.services.sync.status() },
  Mutation: {
    syncAttack: async (_, { domains }, ctx) => {
      const wanted = checkDomains(domains ?? [], 'domains');
      try {
        return await ctx.services.sync.run({ domains: wanted, trigger: 'api', log: (line) => console.log(`[sync] ${line}`) });
      } catch (error) {
        if (error instanceof SyncFailedError) return error.run;
        throw error;
      }
    },
  },
};
