// Reading telemetry (src/telemetry/store.ts): the current generation's vocabulary and hosts, and
// the inventory they are matched against. Hosts and assets come in pages keyed by `key`.

// name: state
// What the telemetry model of src/telemetry/model.ts is cached on: the current import, the
// current inventory snapshot (and its last change) and the loaded ATT&CK generations.
OPTIONAL MATCH (t:TelemetryImport {status: 'current'})
WITH t LIMIT 1
OPTIONAL MATCH (s:InventorySnapshot {status: 'current'})
WITH t, s LIMIT 1
OPTIONAL MATCH (r:AttackRelease)
WITH t, s, r ORDER BY r.key
RETURN t {.*} AS telemetry, s.id AS snapshot, coalesce(s.modifiedAt, s.importedAt) AS changedAt, collect(r.generation) AS generations;

// name: currentImport
MATCH (t:TelemetryImport {status: 'current'})
RETURN t {.*} AS node;

// name: imports
MATCH (t:TelemetryImport)
RETURN t {.*} AS node
ORDER BY coalesce(t.importedAt, t.startedAt) DESC;

// name: vocabulary
MATCH (l:TelemetryLog {generation: $generation})
RETURN l.index AS index, l.name AS name, l.channel AS channel, l.logSource AS logSource, l.label AS label
ORDER BY l.index;

// name: hostPage
MATCH (h:TelemetryHost)
WHERE h.key STARTS WITH $prefix AND h.key > $after
RETURN h.key AS key, h.hostKey AS hostKey, h.host AS host, h.rows AS rows, h.obs AS obs, h.lastSeen AS lastSeen, h.firstSeen AS firstSeen, h.count AS count
ORDER BY h.key
LIMIT toInteger($limit);

// name: assetPage
// The current snapshot's assets with their coverage profile (which holds their declared collection).
MATCH (a:Asset)
WHERE a.key STARTS WITH $prefix AND a.key > $after
MATCH (a)-[:IN_PROFILE]->(p:CoverageProfile)
RETURN a.key AS key, a.id AS id, a.hostname AS hostname, p.key AS profile
ORDER BY a.key
LIMIT toInteger($limit);

// name: profiles
MATCH (p:CoverageProfile {snapshot: $snapshot})
RETURN p.key AS key, p.collects AS collects;

// name: logSources
MATCH (l:LogSource {snapshot: $snapshot})
RETURN l.id AS id, l.name AS name, l.channel AS channel
ORDER BY l.id;

// name: componentsByStixId
// Data components of one release generation, for what undeclared telemetry would provide.
MATCH (d:DataComponent)
WHERE d.release = $generation AND d.stixId IN $stixIds
RETURN d {.*} AS node
ORDER BY d.attackId, d.name;

// name: assetsByKey
UNWIND $keys AS key
MATCH (a:Asset {key: key})
RETURN key, [a {.*}] AS items;

// name: logSourcesByKey
UNWIND $keys AS key
MATCH (l:LogSource {key: key})
RETURN key, [l {.*}] AS items;
