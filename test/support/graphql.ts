import { ApolloServer } from '@apollo/server';
import { createApollo } from '../../src/server/app';
import { Context, createContext } from '../../src/server/context';
import { createServices } from '../../cli/services';

/** The services of the program as the CLI composes them, shared by a suite's operations. */
export const services = createServices();
/** A request's context for a caller of this role. */
export const contextFor = (role: Context['role'] = 'admin') => createContext(services, role);

let apollo: ApolloServer<Context> | undefined;

/** Runs an operation through the real schema and resolvers, without HTTP. */
export async function execute(query: string, variables: Record<string, unknown> = {}, context: Context = contextFor()) {
  if (!apollo) {
    apollo = createApollo();
    await apollo.start();
  }
  const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  const { data, errors } = response.body.singleResult;
  return { data: data as any, errors: (errors ?? []).map((e) => e.message) };
}

/** Like execute, but throws on GraphQL errors and returns the data. */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { data, errors } = await execute(query, variables);
  if (errors.length) throw new Error(errors.join('; '));
  return data as T;
}

export async function stopGraphql() {
  await apollo?.stop();
  apollo = undefined;
}
