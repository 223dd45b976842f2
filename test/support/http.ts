import { RunningServer, startServer } from '../../src/server/app';
import { ServerConfig } from '../../src/server/config';
import { createServices } from '../../cli/services';

/** A real HTTP server for a test, and requests to it. */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export const graphqlRequest = (
  server: RunningServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  request(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });

/** Servers a suite started, stopped together in afterAll. */
export class Servers {
  private running: RunningServer[] = [];

  async start(port: number, host?: string, config?: ServerConfig): Promise<RunningServer> {
    const server = await startServer({ port, host, config, services: createServices() });
    this.running.push(server);
    return server;
  }

  async stopAll() {
    for (const s of this.running.splice(0)) await s.stop();
  }
}
