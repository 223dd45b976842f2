import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ForbiddenError, graphqlExtensions } from '../../errors';
import { Context } from '../context';

/** Readers query; mutations (imports, sync, inventory changes) are for admins. */
export const adminOnlyMutationsPlugin = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.role !== 'admin') {
          const error = new ForbiddenError('mutations need an admin API key');
          throw new GraphQLError(error.message, { extensions: graphqlExtensions(error) });
        }
      },
    };
  },
});
