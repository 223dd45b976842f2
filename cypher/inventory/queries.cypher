// GraphQL over the current inventory snapshot (src/inventory/queries.ts and resolvers.ts).
// Statements taking $keys are the batching loaders': they return (key, items).

// name: asset
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (a:Asset {key: s.id + '|' + $id})
RETURN a {.*} AS node;

// name: logSources
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (l:LogSource {snapshot: s.id})
RETURN l {.*} AS node
ORDER BY l.id;

// name: controls
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (c:Control {snapshot: s.id})
RETURN c {.*} AS node
ORDER BY c.id;

// name: snapshots
MATCH (s:InventorySnapshot)
RETURN s {.*} AS node
ORDER BY coalesce(s.importedAt, s.startedAt) DESC;

// name: collectionOf
UNWIND $keys AS key
MATCH (a:Asset {key: key})
RETURN key, COLLECT {
  MATCH (a)-[c:COLLECTS]->(l:LogSource) WHERE c.rank >= $minRank
  RETURN {logSource: l {.*}, rank: c.rank, since: c.since, viaControl: CASE WHEN c.viaControl IS NULL THEN null ELSE a.snapshot + '|' + c.viaControl END}
  ORDER BY l.id
} AS items;

// name: deploymentsOn
UNWIND $keys AS key
MATCH (a:Asset {key: key})
RETURN key, COLLECT { MATCH (a)<-[d:DEPLOYED_ON]-(c:Control) RETURN {control: c {.*}, rank: d.rank} ORDER BY c.id } AS items;

// name: controlsByKey
UNWIND $keys AS key
MATCH (c:Control {key: key})
RETURN key, [c {.*}] AS items;

// name: logSourceHosts
// From the coverage profiles (a few hundred), not from the assets: hosts per (rank, platform set).
UNWIND $keys AS key
MATCH (l:LogSource {key: key})
MATCH (p:CoverageProfile {snapshot: l.snapshot})
WITH key, p, [e IN p.collects WHERE left(e, size(e) - 2) = l.id | toInteger(right(e, 1))] AS ranks
WHERE size(ranks) > 0
RETURN key, collect({rank: ranks[0], platforms: p.platforms, hosts: p.hosts}) AS items;

// name: controlHosts
UNWIND $keys AS key
MATCH (c:Control {key: key})-[d:DEPLOYED_ON]->(a:Asset)
WITH key, d.rank AS rank, a.platforms AS platforms, count(*) AS hosts
RETURN key, collect({rank: rank, platforms: platforms, hosts: hosts}) AS items;

// name: providedComponents
UNWIND $keys AS key
MATCH (l:LogSource {key: key})
RETURN key, COLLECT { MATCH (l)-[:PROVIDES]->(d:DataComponent {generation: $generation}) RETURN d {.*} ORDER BY d.attackId, d.name } AS items;

// name: producers
UNWIND $keys AS key
MATCH (l:LogSource {key: key})
RETURN key, COLLECT { MATCH (l)<-[:PRODUCES]-(c:Control) RETURN c {.*} ORDER BY c.id } AS items;

// name: produced
UNWIND $keys AS key
MATCH (c:Control {key: key})
RETURN key, COLLECT { MATCH (c)-[:PRODUCES]->(l:LogSource) RETURN l {.*} ORDER BY l.id } AS items;

// name: logSourceExists
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (l:LogSource {key: s.id + '|' + $id})
RETURN l.id AS id;

// name: existingAssetIds
MATCH (s:InventorySnapshot {status: 'current'})
UNWIND $ids AS id
MATCH (a:Asset {key: s.id + '|' + id})
RETURN collect(a.id) AS ids;

// name: currentSnapshotState
MATCH (s:InventorySnapshot {status: 'current'})
RETURN s.id AS id, s.platformMap AS platformMap;

// name: attackPlatformsOf
UNWIND $keys AS key
MATCH (a:Asset {key: key})
RETURN key, [(a)-[:ON_PLATFORM]->(p:Platform) | p {.name}] AS items;
