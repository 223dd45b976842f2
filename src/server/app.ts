import { ApolloServer, ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { countKeys, Role } from '../auth/keys';
import { coverageExportRoute } from '../coverage/export';
import { DatabaseUnavailableError, read } from '../db/neo4j';
import { AccessGate, isLoopback } from './auth';
import { ServerConfig, serverConfig } from './config';
import { Context, createContext } from './context';
import { queryLimitsPlugin } from './limits';
import { playgroundRoute } from './playground';
import { mergeResolvers } from './resolvers';
import { loadTypeDefs } from './schema';

const MAX_BODY = 1024 * 1024;
const UNAVAILABLE = 'The graph database is unavailable; try again shortly.';

/** Readers query; mutations (imports, sync, inventory changes) are for admins. */
const adminOnlyMutations: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.role !== 'admin') {
          throw new GraphQLError('mutations need an admin API key', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        }
      },
    };
  },
};

/** Neo4j down: answer 503 with Retry-After, so clients and load balancers back off instead of failing hard. */
const unavailableIs503: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        if (errors?.some((e) => unwrapResolverError(e) instanceof DatabaseUnavailableError)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        }
      },
    };
  },
};

export function createApollo(config: ServerConfig = serverConfig()): ApolloServer<Context> {
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: mergeResolvers() as never,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    // `serve` drains in-flight requests on SIGTERM itself; Apollo's own handler would re-raise the signal and cut them off.
    stopOnTerminationSignals: false,
    // Apollo's default landing page loads from a CDN; air-gapped SOCs cannot reach one. The playground is at /.
    // Cache control hooks every field resolution (a 5000-row coverage page: ~100 ms); no field sets cache hints.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), queryLimitsPlugin(config), adminOnlyMutations, unavailableIs503],
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (original instanceof DatabaseUnavailableError) return { message: UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // The message of an unexpected error may quote Cypher or internals: logged here, masked in production.
      process.stderr.write(`internal error: ${(original as Error)?.message ?? formatted.message}\n`);
      return config.production ? { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } } : formatted;
    },
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY) reject(Object.assign(new Error(`request body larger than ${MAX_BODY} bytes`), { status: 413 }));
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A route beside GraphQL (health, exports, playground); returns false when it does not handle the
 * request. Routes need an API key (once keys exist) unless added as public; `role` is the caller's.
 */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, role: Role) => Promise<boolean> | boolean;
const publicRoutes: Route[] = [];
const routes: Route[] = [];
export const addRoute = (route: Route, options: { public?: boolean } = {}) => (options.public ? publicRoutes : routes).push(route);

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

addRoute((_req, res, url) => {
  if (url.pathname !== '/healthz') return false;
  sendJson(res, 200, { status: 'ok' });
  return true;
}, { public: true });

/** Ready to serve: Neo4j answers and at least one ATT&CK release is loaded. */
addRoute(async (_req, res, url) => {
  if (url.pathname !== '/readyz') return false;
  const [row] = await read('server', 'readiness');
  const releases = Number(row?.releases ?? 0);
  if (releases > 0) sendJson(res, 200, { status: 'ready', releases });
  else sendJson(res, 503, { status: 'not ready', reason: 'no ATT&CK release is imported yet' });
  return true;
}, { public: true });

addRoute(playgroundRoute, { public: true });

/** Coverage as CSV, JSON and a Navigator layer file, behind the API key like GraphQL. */
addRoute(coverageExportRoute);

/** Browsers may call only from the allow-listed origins; other origins get no CORS headers. */
function cors(req: IncomingMessage, res: ServerResponse, allowed: string[]): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && allowed.includes(origin);
  if (ok) res.setHeader('access-control-allow-origin', origin).setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS' || !origin) return false;
  res.writeHead(ok ? 204 : 403, ok ? {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
    'access-control-max-age': '600',
  } : {}).end();
  return true;
}

async function handleGraphQL(apollo: ApolloServer<Context>, req: IncomingMessage, res: ServerResponse, url: URL, role: Role) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const raw = req.method === 'POST' ? await readBody(req) : '';
  let body: unknown = raw;
  if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { errors: [{ message: 'request body is not valid JSON' }] });
      return;
    }
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => createContext(role),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') res.end(response.body.string);
  else {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Why the server listens on loopback only, when it does so on its own. */
  notice?: string;
  /** Stops accepting, lets in-flight requests finish (up to the drain time), then stops Apollo. */
  stop(): Promise<void>;
}

export async function startServer(port: number, host = '127.0.0.1', config: ServerConfig = serverConfig()): Promise<RunningServer> {
  let notice: string | undefined;
  if ((await countKeys()) === 0) {
    if (!isLoopback(host)) notice = `no API key exists yet, so the server listens on 127.0.0.1 only (not ${host}) and treats every caller as admin; create one with \`attack-kg keys create --role admin\` and restart to serve ${host}`;
    else notice = 'no API key exists yet: every caller on this machine is admin; `attack-kg keys create --role reader|admin` turns keys on';
    host = '127.0.0.1';
  }
  const gate = new AccessGate(isLoopback(host));
  const apollo = createApollo(config);
  await apollo.start();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (cors(req, res, config.corsOrigins)) return;
      for (const route of publicRoutes) if (await route(req, res, url, 'reader')) return;
      const caller = await gate.caller(req.headers.authorization);
      if ('status' in caller) return void sendJson(res, caller.status, { errors: [{ message: caller.message, extensions: { code: 'UNAUTHENTICATED' } }] }, { 'www-authenticate': 'Bearer' });
      for (const route of routes) if (await route(req, res, url, caller.role)) return;
      if (url.pathname === '/graphql') return await handleGraphQL(apollo, req, res, url, caller.role);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found; GraphQL is at /graphql, the playground at /\n');
    } catch (error) {
      const unavailable = error instanceof DatabaseUnavailableError;
      const status = (error as { status?: number }).status ?? (unavailable ? 503 : 500);
      if (status === 500) process.stderr.write(`internal error on ${req.method} ${url.pathname}: ${(error as Error).message}\n`);
      const message = unavailable ? UNAVAILABLE : status === 500 ? 'internal error' : (error as Error).message;
      if (res.headersSent) res.end();
      else {
        const code = unavailable ? 'SERVICE_UNAVAILABLE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
        // A body over the limit is not read to its end: the connection closes once the 413 is out.
        if (status === 413) res.once('finish', () => req.destroy());
        sendJson(res, status, { errors: [{ message, extensions: { code } }] }, unavailable ? { 'retry-after': '5' } : status === 413 ? { connection: 'close' } : {});
      }
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql`,
    notice,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), config.drainSeconds * 1000);
      await closed;
      clearTimeout(force);
      await apollo.stop();
    },
  };
}
