import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InputError, kindOf } from '../errors';

/** What a client is told while Neo4j is down (GraphQL and routes alike). */
export const UNAVAILABLE_MESSAGE = 'The graph database is unavailable; try again shortly.';

/**
 * Errors as clients see them: a known kind (src/errors.ts) gives its code and message (bad input
 * lists its problems); anything unexpected is logged and, in production, masked.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const kind = kindOf(original);
    if (kind?.code === 'SERVICE_UNAVAILABLE') return { message: UNAVAILABLE_MESSAGE, extensions: { code: kind.code } };
    if (kind && kind.code !== 'INTERNAL_SERVER_ERROR') {
      const problems = original instanceof InputError && original.problems.length ? { problems: original.problems } : {};
      return { ...formatted, message: (original as Error).message, extensions: { ...formatted.extensions, code: kind.code, ...problems } };
    }
    if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    // The message of an unexpected error may quote Cypher or internals: logged here, masked in production.
    process.stderr.write(`internal error: ${(original as Error)?.message ?? formatted.message}\n`);
    return production ? { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } } : formatted;
  };
}
