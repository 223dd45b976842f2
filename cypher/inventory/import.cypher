// Loading one inventory snapshot, staged then switched: every inventory node carries the id of
// its InventorySnapshot (`snapshot`) and the key "<snapshot>|<id>". The new snapshot is written
// with status 'staging' (no query reads it), one transaction makes it 'current' and the previous
// one 'retired', then the retired one's nodes are deleted and it stays as a record ('archived').
// A killed import leaves a 'staging' (or 'retired') snapshot that the next import deletes.

// name: staleSnapshots
MATCH (s:InventorySnapshot)
WHERE s.status IN ['staging', 'retired']
RETURN s.id AS id, s.status AS status;

// name: deleteSnapshotNodes
CALL () {
  MATCH (n:Asset {snapshot: $snapshot}) RETURN n
  UNION ALL
  MATCH (n:LogSource {snapshot: $snapshot}) RETURN n
  UNION ALL
  MATCH (n:Control {snapshot: $snapshot}) RETURN n
  UNION ALL
  MATCH (n:CoverageProfile {snapshot: $snapshot}) RETURN n
}
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 500 ROWS;

// name: dropSnapshot
// A staging snapshot that never became current leaves no record.
MATCH (s:InventorySnapshot {id: $snapshot, status: 'staging'})
DELETE s;

// name: archiveSnapshot
MATCH (s:InventorySnapshot {id: $snapshot, status: 'retired'})
SET s.status = 'archived';

// name: createSnapshot
CREATE (s:InventorySnapshot {id: $snapshot, status: 'staging', startedAt: $startedAt});

// name: createLogSources
UNWIND $rows AS row
CREATE (l:LogSource)
SET l = row;

// name: createControls
UNWIND $rows AS row
CREATE (c:Control)
SET c = row.props
WITH c, row
UNWIND row.produces AS key
MATCH (l:LogSource {key: key})
CREATE (c)-[:PRODUCES]->(l);

// name: createProfiles
UNWIND $rows AS row
CREATE (p:CoverageProfile)
SET p = row, p.hosts = toInteger(row.hosts);

// name: createAssets
// Log sources, controls and platforms are looked up once per batch and indexed by position:
// row.c = [[log source index, rank, since, viaControl]], row.d = [[control index, rank]], row.p = [platform index].
// The driver sends JS numbers as floats: toInteger before indexing and storing.
CALL () {
  UNWIND $logSources AS key
  MATCH (l:LogSource {key: key})
  RETURN collect(l) AS logSources
}
CALL () {
  UNWIND $controls AS key
  MATCH (c:Control {key: key})
  RETURN collect(c) AS controls
}
CALL () {
  UNWIND $platforms AS name
  MATCH (p:Platform {name: name})
  RETURN collect(p) AS platforms
}
WITH logSources, controls, platforms
WHERE size(logSources) = size($logSources) AND size(controls) = size($controls) AND size(platforms) = size($platforms)
  AND [l IN logSources | l.key] = $logSources AND [c IN controls | c.key] = $controls AND [p IN platforms | p.name] = $platforms
UNWIND $rows AS row
CREATE (a:Asset)
SET a = row.props
WITH a, row, logSources, controls, platforms
CALL (a, row) {
  MATCH (p:CoverageProfile {key: row.profile})
  CREATE (a)-[:IN_PROFILE]->(p)
}
CALL (a, row, platforms) {
  UNWIND row.p AS i
  WITH a, platforms[toInteger(i)] AS p
  CREATE (a)-[:ON_PLATFORM]->(p)
}
CALL (a, row, logSources) {
  UNWIND row.c AS c
  WITH a, c, logSources[toInteger(c[0])] AS l, toInteger(c[1]) AS rank
  CREATE (a)-[:COLLECTS {rank: rank, since: c[2], viaControl: c[3]}]->(l)
}
CALL (a, row, controls) {
  UNWIND row.d AS d
  WITH a, controls[toInteger(d[0])] AS c, toInteger(d[1]) AS rank
  CREATE (c)-[:DEPLOYED_ON {rank: rank}]->(a)
}
RETURN count(a) AS assets;

// name: switchSnapshot
// Returns the snapshot it replaces (null for the first), now 'retired', for deletion.
MATCH (s:InventorySnapshot {id: $snapshot, status: 'staging'})
OPTIONAL MATCH (old:InventorySnapshot {status: 'current'})
SET old.status = 'retired', old.retiredAt = $importedAt
SET s += $props, s.status = 'current', s.importedAt = $importedAt
RETURN old.id AS previous;

// name: liveSnapshots
// Snapshots whose references follow ATT&CK: the current one, and any being written.
MATCH (s:InventorySnapshot)
WHERE s.status IN ['current', 'staging']
RETURN s.id AS id, s.platformMap AS platformMap;

// name: logSourcesToResolve
MATCH (l:LogSource)
WHERE l.snapshot IN $snapshots
RETURN l {.*} AS node;

// name: deleteProvides
MATCH (l:LogSource)-[p:PROVIDES]->()
WHERE l.snapshot IN $snapshots
DELETE p;

// name: createProvides
// To the component's copy in every loaded release: coverage under 17.1 finds what 18.1's names resolved.
UNWIND $rows AS row
MATCH (l:LogSource {key: row.key})
UNWIND row.stixIds AS stixId
MATCH (d:DataComponent {stixId: stixId})
WHERE d.generation IN $generations
CREATE (l)-[:PROVIDES]->(d);

// name: relinkPlatforms
// Assets with a platform whose ATT&CK names changed (a release renamed it) follow the new names.
MATCH (a:Asset {snapshot: $snapshot})
WHERE any(name IN a.platforms WHERE name IN $changed)
OPTIONAL MATCH (a)-[o:ON_PLATFORM]->()
DELETE o
WITH DISTINCT a
UNWIND a.platforms AS name
UNWIND $platformMap[name] AS target
MATCH (p:Platform {name: target})
MERGE (a)-[:ON_PLATFORM]->(p);

// name: setPlatformMap
MATCH (s:InventorySnapshot {id: $snapshot})
SET s.platformMap = $platformMap;

// name: allSnapshots
MATCH (s:InventorySnapshot)
RETURN s.id AS id;

// name: forgetSnapshots
MATCH (s:InventorySnapshot)
DELETE s;

// name: countAssets
UNWIND $keys AS key
MATCH (a:Asset {key: key})
RETURN count(a) AS assets;
