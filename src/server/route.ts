import { IncomingMessage, ServerResponse } from 'node:http';
import { Role } from '../auth/keys';

/**
 * A route beside GraphQL (health, exports, playground); returns false when it does not handle the
 * request. `role` is the caller's (public routes see 'reader').
 */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, role: Role) => Promise<boolean> | boolean;

/** The routes a server is built with: public ones answer without an API key. */
export interface RouteSet {
  public: Route[];
  protected: Route[];
}

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
