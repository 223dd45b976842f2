// The inventory side of coverage, read once per inventory snapshot (and set of loaded releases)
// by src/coverage/inventory-data.ts: coverage profiles with host counts, log sources with the
// data components they provide. Never one row per host.

// name: state
// The imported releases (as attack/queries `releases` returns them) and the current inventory
// snapshot, with when it last changed (admin mutations edit it in place): what a coverage query
// picks its release from, and the coverage caches' keys. One read a query.
OPTIONAL MATCH (r:AttackRelease)
WITH r ORDER BY r.domain, r.versionOrder DESC
WITH collect(r {.*}) AS releases
OPTIONAL MATCH (s:InventorySnapshot {status: 'current'})
RETURN releases, s.id AS snapshot, coalesce(s.modifiedAt, s.importedAt) AS changedAt
LIMIT 1;

// name: profiles
MATCH (p:CoverageProfile {snapshot: $snapshot})
RETURN p.key AS key, p.platforms AS platforms, p.collects AS collects, p.hosts AS hosts;

// name: logSources
MATCH (l:LogSource {snapshot: $snapshot})
RETURN l {.*} AS node,
       [(l)-[:PROVIDES]->(d:DataComponent) | d.stixId] AS components;

// name: populationCells
// Every asset of the snapshot, counted per coverage profile and the fields asset filters look at
// (with $deployments, also the control deployments on it, "<control id>=<rank>"): filters then run
// in memory on these cells, whatever their size. Read once per snapshot.
MATCH (a:Asset {snapshot: $snapshot})-[:IN_PROFILE]->(p:CoverageProfile)
RETURN p.key AS profile, a.businessUnit AS businessUnit, a.environment AS environment, a.criticality AS criticality, a.tags AS tags,
       CASE WHEN $deployments THEN [(c:Control)-[d:DEPLOYED_ON]->(a) | c.id + '=' + d.rank] ELSE [] END AS deployed, count(*) AS hosts;

// name: populationCellsOfAssets
// The same cells for the assets an `ids` filter names (keys "<snapshot>|<id>").
UNWIND $keys AS key
MATCH (a:Asset {key: key})-[:IN_PROFILE]->(p:CoverageProfile)
RETURN p.key AS profile, a.businessUnit AS businessUnit, a.environment AS environment, a.criticality AS criticality, a.tags AS tags,
       CASE WHEN $deployments THEN [(c:Control)-[d:DEPLOYED_ON]->(a) | c.id + '=' + d.rank] ELSE [] END AS deployed, count(*) AS hosts;

// name: populationAssets
// Every asset of the snapshot, one row each, with the fields asset filters look at (and with
// $deployments its control deployments): under telemetry evidence a profile's hosts no longer count
// alike, so filters run on assets. Read once per snapshot, and only by evidence queries with a filter.
MATCH (a:Asset {snapshot: $snapshot})
RETURN a.id AS id, a.businessUnit AS businessUnit, a.environment AS environment, a.criticality AS criticality, a.tags AS tags,
       CASE WHEN $deployments THEN [(c:Control)-[d:DEPLOYED_ON]->(a) | c.id + '=' + d.rank] ELSE [] END AS deployed;

// name: controls
MATCH (c:Control {snapshot: $snapshot})
RETURN c {.*} AS node, [(c)-[:PRODUCES]->(l:LogSource) | l.id] AS produces
ORDER BY c.id;

// name: explicitCollection
// Per log source, the highest state any asset collects it at through a row of its own (not only
// through a control): what stays when a control goes. $ranks: the state ladder's ranks, highest first.
MATCH (l:LogSource {snapshot: $snapshot})
RETURN l.id AS id,
       coalesce([r IN $ranks WHERE EXISTS { (l)<-[c:COLLECTS {rank: r}]-() WHERE c.viaControl IS NULL }][0], 0) AS rank;

// name: assetsInProfiles
// A page of the assets of some profiles (the blind hosts of a row) that an asset filter keeps, by
// id; $f is that of cypher/inventory/filter.cypher's asset selector.
MATCH (p:CoverageProfile) WHERE p.key IN $profiles
MATCH (a:Asset)-[:IN_PROFILE]->(p)
WHERE
  // include: inventory/filter#assetSelector
RETURN a {.*} AS node
ORDER BY a.id
SKIP toInteger($skip) LIMIT toInteger($limit);
