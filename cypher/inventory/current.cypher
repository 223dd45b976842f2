// The current snapshot read back, page by page (by asset key, served in order by the unique
// index), so a DeTT&CT import can build the next snapshot from it without holding every row twice.

// name: current
MATCH (s:InventorySnapshot {status: 'current'})
RETURN s {.*} AS snapshot;

// name: assetPage
MATCH (a:Asset)
WHERE a.key > $after AND a.key STARTS WITH $prefix
WITH a ORDER BY a.key
LIMIT toInteger($limit)
RETURN a {.*} AS node;

// name: logSources
// Without the layer a previous DeTT&CT import added: the new file replaces it.
MATCH (l:LogSource {snapshot: $snapshot})
WHERE coalesce(l.origin, 'inventory') <> 'dettect'
RETURN l {.*} AS node
ORDER BY l.id;

// name: controls
MATCH (c:Control {snapshot: $snapshot})
RETURN c {.*} AS node, COLLECT { MATCH (c)-[:PRODUCES]->(l:LogSource) RETURN l.id ORDER BY l.id } AS produces
ORDER BY c.id;

// name: collectionPage
MATCH (a:Asset)
WHERE a.key > $after AND a.key STARTS WITH $prefix
WITH a ORDER BY a.key
LIMIT toInteger($limit)
RETURN a.key AS key, a.id AS id,
       COLLECT { MATCH (a)-[c:COLLECTS]->(l:LogSource) WHERE coalesce(l.origin, 'inventory') <> 'dettect' RETURN [l.id, c.rank, c.since, c.viaControl] } AS collects,
       COLLECT { MATCH (a)<-[d:DEPLOYED_ON]-(c:Control) RETURN [c.id, d.rank] } AS deployments;
