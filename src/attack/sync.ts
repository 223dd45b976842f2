import { GraphQLError } from 'graphql';
import type { Resolvers } from '../generated/graphql';
import { DOMAINS, Domain } from '../../import/attack/parse-bundle';
import { SyncBusyError, SyncFailedError, syncAttack } from '../../import/attack/sync';
import { readSyncStatus } from './sync-status';

/** syncStatus, and the admin-only syncAttack mutation (admins only: the server's mutation guard). */
export const syncResolvers: Resolvers = {
  Query: { syncStatus: () => readSyncStatus() },
  Mutation: {
    syncAttack: async (_, { domains }) => {
      const unknown = (domains ?? []).filter((d) => !DOMAINS.includes(d as Domain));
      if (unknown.length) throw new GraphQLError(`unknown domain(s) ${unknown.join(', ')}; expected ${DOMAINS.join(', ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
      try {
        return await syncAttack({ domains: (domains ?? []) as Domain[], trigger: 'api', log: (line) => console.log(`[sync] ${line}`) });
      } catch (error) {
        if (error instanceof SyncFailedError) return error.run;
        if (error instanceof SyncBusyError) throw new GraphQLError(error.message, { extensions: { code: 'CONFLICT' } });
        throw error;
      }
    },
  },
};
