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
RETURN h.key AS key, h.hostKey AS hostKey, h.host AS host, h.rows AS rows, h.seen AS seen
ORDER BY h.key
LIMIT toInteger($limit);

// name: profiles
// The snapshot's coverage profiles (hosts with the same declared collection) and the assets in each
// (id, hostname): one row a profile, a few hundred, instead of one an asset.
MATCH (p:CoverageProfile {snapshot: $snapshot})
RETURN p.key AS key, p.collects AS collects, COLLECT { MATCH (a:Asset)-[:IN_PROFILE]->(p) RETURN [a.id, a.hostname] } AS assets;

// name: logSources
MATCH (l:LogSource {snapshot: $snapshot})
RETURN l {.*} AS node
ORDER BY l.id;

// name: componentsByStixId
// Data components of one release generation, for what undeclared telemetry would provide.
MATCH (d:DataComponent)
WHERE d.generation = $generation AND d.stixId IN $stixIds
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
