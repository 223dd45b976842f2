// Counts that show what an import touched (tests, benchmarks): the ATT&CK side and the
// current inventory, separately.

// name: attackCounts
MATCH (n:AttackObject)
WITH count(n) AS nodes
MATCH (:AttackObject)-[r]->(:AttackObject)
RETURN nodes, count(r) AS relationships;

// name: inventoryCounts
// The current snapshot's nodes and relationships by type.
MATCH (s:InventorySnapshot {status: 'current'})
CALL (s) {
  MATCH (a:Asset {snapshot: s.id}) RETURN 'Asset' AS name, count(a) AS count
  UNION ALL MATCH (l:LogSource {snapshot: s.id}) RETURN 'LogSource' AS name, count(l) AS count
  UNION ALL MATCH (c:Control {snapshot: s.id}) RETURN 'Control' AS name, count(c) AS count
  UNION ALL MATCH (p:CoverageProfile {snapshot: s.id}) RETURN 'CoverageProfile' AS name, count(p) AS count
  UNION ALL MATCH (:Asset {snapshot: s.id})-[r:COLLECTS]->() RETURN 'COLLECTS' AS name, count(r) AS count
  UNION ALL MATCH (:Asset {snapshot: s.id})<-[r:DEPLOYED_ON]-() RETURN 'DEPLOYED_ON' AS name, count(r) AS count
  UNION ALL MATCH (:Asset {snapshot: s.id})-[r:ON_PLATFORM]->() RETURN 'ON_PLATFORM' AS name, count(r) AS count
  UNION ALL MATCH (:Asset {snapshot: s.id})-[r:IN_PROFILE]->() RETURN 'IN_PROFILE' AS name, count(r) AS count
  UNION ALL MATCH (:Control {snapshot: s.id})-[r:PRODUCES]->() RETURN 'PRODUCES' AS name, count(r) AS count
  UNION ALL MATCH (:LogSource {snapshot: s.id})-[r:PROVIDES]->() RETURN 'PROVIDES' AS name, count(r) AS count
}
RETURN name, count;

// name: snapshotNodes
// Every inventory node, whatever its snapshot: what is left of replaced ones.
MATCH (n)
WHERE n:Asset OR n:LogSource OR n:Control OR n:CoverageProfile
RETURN n.snapshot AS snapshot, count(n) AS nodes;

// name: providesTargets
// Where PROVIDES points: per release generation, and whether that generation is loaded.
MATCH (:LogSource)-[:PROVIDES]->(d:DataComponent)
OPTIONAL MATCH (r:AttackRelease {generation: d.generation})
RETURN d.generation AS generation, r IS NOT NULL AS loaded, count(*) AS links;

// name: currentProfiles
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (p:CoverageProfile {snapshot: s.id})
RETURN p.key AS key, p.platforms AS platforms, p.collects AS collects, p.hosts AS hosts;

// name: assetPlatformLinks
// Which Platform nodes the current snapshot's assets link to, per distinct platform list.
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (a:Asset {snapshot: s.id})-[:ON_PLATFORM]->(p:Platform)
WITH a, p.name AS target ORDER BY target
WITH a, collect(target) AS targets
RETURN DISTINCT a.platforms AS platforms, targets;
