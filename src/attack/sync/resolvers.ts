import { Resolvers } from '../../generated/graphql';
import { checkDomains } from '../domains';
import { SyncFailedError } from './sync-attack';

/** syncStatus, and the syncAttack mutation (admins only: the server's mutation guard). */
export const syncResolvers: Resolvers = {
  Query: { syncStatus: (_, __, ctx) => ctx.services.sync.status() },
  Mutation: {
    syncAttack: async (_, { domains }, ctx) => {
      const wanted = checkDomains(domains ?? [], 'domains');
      try {
        // eslint-disable-next-line no-console -- a sync started through the API logs to the server's stdout
        return await ctx.services.sync.run({ domains: wanted, trigger: 'api', log: (line) => console.log(`[sync] ${line}`) });
      } catch (error) {
        if (error instanceof SyncFailedError) return error.run;
        throw error;
      }
    },
  },
};
