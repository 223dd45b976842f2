import { read } from '../../db/neo4j';
import { Route, sendJson } from '../route';

/** The process runs. */
export const healthRoute: Route = (_req, res, url) => {
  if (url.pathname !== '/healthz') return false;
  sendJson(res, 200, { status: 'ok' });
  return true;
};

/** Ready to serve: Neo4j answers and at least one ATT&CK release is loaded. */
export const readinessRoute: Route = async (_req, res, url) => {
  if (url.pathname !== '/readyz') return false;
  const [row] = await read('server', 'readiness');
  const releases = Number(row?.releases ?? 0);
  if (releases > 0) sendJson(res, 200, { status: 'ready', releases });
  else sendJson(res, 503, { status: 'not ready', reason: 'no ATT&CK release is imported yet' });
  return true;
};
