import { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { UnavailableError } from '../../errors';
import { Context } from '../context';

/** Neo4j down: answer 503 with Retry-After, so clients and load balancers back off instead of failing hard. */
export const unavailable503Plugin = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        if (errors?.some((e) => unwrapResolverError(e) instanceof UnavailableError)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        }
      },
    };
  },
});
