// Admin changes to the current snapshot, in place (src/inventory/mutations.ts). Each mutation
// runs in one transaction, keeps COLLECTS the effective state and the coverage profiles exact,
// and stamps the snapshot's modifiedAt (coverage caches key on it).

// name: setCollection
// $rank 0 removes the explicit collection; a control deployment may still imply one.
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (l:LogSource {key: s.id + '|' + $logSource})
WITH l, toInteger($rank) AS wanted
UNWIND $keys AS key
MATCH (a:Asset {key: key})
OPTIONAL MATCH (a)-[old:COLLECTS]->(l)
CALL (a, l) {
  OPTIONAL MATCH (l)<-[:PRODUCES]-(c:Control)-[d:DEPLOYED_ON]->(a)
  WITH c, d ORDER BY d.rank DESC, c.id
  LIMIT 1
  RETURN c.id AS control, coalesce(d.rank, 0) AS implied
}
WITH a, l, old, wanted, coalesce(old.rank, 0) AS before, control, implied,
     wanted > 0 AND wanted >= implied AS explicit
WITH a, l, old, before, explicit,
     CASE WHEN explicit THEN wanted ELSE implied END AS rank,
     CASE WHEN explicit THEN null ELSE control END AS via,
     CASE WHEN explicit THEN coalesce($since, CASE WHEN old.viaControl IS NULL THEN old.since END) END AS since
FOREACH (_ IN CASE WHEN rank = 0 AND old IS NOT NULL THEN [1] ELSE [] END | DELETE old)
FOREACH (_ IN CASE WHEN rank > 0 THEN [1] ELSE [] END |
  MERGE (a)-[c:COLLECTS]->(l)
  SET c.rank = rank, c.since = since, c.viaControl = via)
RETURN count(a) AS matched, [x IN collect(CASE WHEN rank <> before THEN a.key END) WHERE x IS NOT NULL] AS changed;

// name: upsertAsset
MATCH (s:InventorySnapshot {status: 'current'})
MERGE (a:Asset {key: s.id + '|' + $props.id})
ON CREATE SET a.snapshot = s.id
SET a += $props
WITH a
OPTIONAL MATCH (a)-[o:ON_PLATFORM]->()
DELETE o
WITH DISTINCT a
CALL (a) {
  UNWIND $attackPlatforms AS name
  MATCH (p:Platform {name: name})
  CREATE (a)-[:ON_PLATFORM]->(p)
}
RETURN a.key AS key, a.snapshot AS snapshot;

// name: leaveProfiles
UNWIND $keys AS key
MATCH (:Asset {key: key})-[m:IN_PROFILE]->(p:CoverageProfile)
DELETE m
WITH p, count(*) AS leaving
SET p.hosts = p.hosts - leaving;

// name: joinProfiles
// The same profile identity as the importer's: (platforms, sorted "<log source id>=<rank>" list).
UNWIND $keys AS key
MATCH (a:Asset {key: key})
CALL (a) {
  OPTIONAL MATCH (a)-[c:COLLECTS]->(l:LogSource)
  WITH l.id + '=' + toString(c.rank) AS entry
  ORDER BY entry
  RETURN collect(entry) AS collects
}
WITH a.snapshot AS snapshot, a.platforms AS platforms, collects, collect(a) AS members
MERGE (p:CoverageProfile {snapshot: snapshot, platforms: platforms, collects: collects})
ON CREATE SET p.key = snapshot + '|' + randomUUID(), p.hosts = 0
SET p.hosts = p.hosts + size(members)
FOREACH (a IN members | CREATE (a)-[:IN_PROFILE]->(p));

// name: dropEmptyProfiles
MATCH (p:CoverageProfile {snapshot: $snapshot})
WHERE p.hosts <= 0
DETACH DELETE p;

// name: touchSnapshot
MATCH (s:InventorySnapshot {id: $snapshot})
SET s.modifiedAt = $at, s.platformMap = coalesce($platformMap, s.platformMap);
