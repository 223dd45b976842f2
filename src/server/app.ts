import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { countKeys, Role } from '../auth/keys';
import { kindOf, UnavailableError } from '../errors';
import { AccessGate, isLoopback } from './auth';
import { ServerConfig, serverConfig } from './config';
import { Context, createContext } from './context';
import { formatError, UNAVAILABLE_MESSAGE } from './format-error';
import { adminOnlyMutationsPlugin } from './plugins/admin-only-mutations';
import { queryLimitsPlugin } from './plugins/query-limits';
import { unavailable503Plugin } from './plugins/unavailable-503';
import { mergeResolvers } from './resolvers';
import { RouteSet, sendJson } from './route';
import { standardRoutes } from './routes';
import { loadTypeDefs } from './schema';
import { Services } from './services';

const MAX_BODY = 1024 * 1024;

/** The GraphQL server; each request's context (createContext) carries the services. */
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
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin(config),
      adminOnlyMutationsPlugin(),
      unavailable503Plugin(),
    ],
    formatError: formatError(config.production),
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY)
        reject(Object.assign(new Error(`request body larger than ${MAX_BODY} bytes`), { status: 413 }));
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Browsers may call only from the allow-listed origins; other origins get no CORS headers. */
function cors(req: IncomingMessage, res: ServerResponse, allowed: string[]): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && allowed.includes(origin);
  if (ok) res.setHeader('access-control-allow-origin', origin).setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS' || !origin) return false;
  res
    .writeHead(
      ok ? 204 : 403,
      ok
        ? {
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
            'access-control-max-age': '600',
          }
        : {},
    )
    .end();
  return true;
}

async function handleGraphQL(
  apollo: ApolloServer<Context>,
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  role: Role,
) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
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
    context: async () => createContext(services, role),
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

export interface ServerOptions {
  port: number;
  host?: string;
  config?: ServerConfig;
  services: Services;
  /** Routes beside /graphql; default: every standard one. */
  routes?: RouteSet;
}

export async function startServer({
  port,
  host = '127.0.0.1',
  config = serverConfig(),
  services,
  routes = standardRoutes(services),
}: ServerOptions): Promise<RunningServer> {
  let notice: string | undefined;
  if ((await countKeys()) === 0) {
    if (!isLoopback(host))
      notice = `no API key exists yet, so the server listens on 127.0.0.1 only (not ${host}) and treats every caller as admin; create one with \`attack-kg keys create --role admin\` and restart to serve ${host}`;
    else notice = 'no API key exists yet: every caller on this machine is admin; `attack-kg keys create --role reader|admin` turns keys on';
    host = '127.0.0.1';
  }
  const gate = new AccessGate(isLoopback(host));
  const apollo = createApollo(config);
  await apollo.start();
  // http.Server drops the handler's promise, so every path below is inside a try: a throw would be an
  // unhandled rejection, which ends the process.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- nothing escapes the handler (see above)
  const server = createServer(async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // An absolute-form request target that is no URL (`GET http://[x HTTP/1.1`) used to end the process.
      return void sendJson(res, 400, { errors: [{ message: 'the request target is not a URL', extensions: { code: 'BAD_REQUEST' } }] });
    }
    try {
      if (cors(req, res, config.corsOrigins)) return;
      for (const route of routes.public) if (await route(req, res, url, 'reader')) return;
      const caller = await gate.caller(req.headers.authorization);
      if ('status' in caller)
        return void sendJson(
          res,
          caller.status,
          { errors: [{ message: caller.message, extensions: { code: 'UNAUTHENTICATED' } }] },
          { 'www-authenticate': 'Bearer' },
        );
      for (const route of routes.protected) if (await route(req, res, url, caller.role)) return;
      if (url.pathname === '/graphql') return await handleGraphQL(apollo, services, req, res, url, caller.role);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found; GraphQL is at /graphql, the playground at /\n');
    } catch (error) {
      const kind = kindOf(error);
      const unavailable = error instanceof UnavailableError;
      const status = (error as { status?: number }).status ?? kind?.http ?? 500;
      if (status === 500) process.stderr.write(`internal error on ${req.method} ${url.pathname}: ${(error as Error).message}\n`);
      const message = unavailable ? UNAVAILABLE_MESSAGE : status === 500 ? 'internal error' : (error as Error).message;
      if (res.headersSent) res.end();
      else {
        const code = kind?.code ?? (status === 500 ? 'INTERNAL_SERVER_ERROR' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
        // A body over the limit is not read to its end: the connection closes once the 413 is out.
        if (status === 413) res.once('finish', () => req.destroy());
        sendJson(
          res,
          status,
          { errors: [{ message, extensions: { code } }] },
          unavailable ? { 'retry-after': '5' } : status === 413 ? { connection: 'close' } : {},
        );
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
