// Writing telemetry (import/telemetry/write.ts), staged then switched like an inventory snapshot:
// each import writes a whole new generation (its TelemetryImport `staging`, the merged vocabulary
// and hosts carrying `generation` = its id), one transaction makes it `current` and the previous
// one `retired`, whose nodes are then deleted (its record stays, `archived`). Queries read the
// `current` generation only, so a killed import changes nothing; the next one removes its leftovers.

// name: unfinishedImports
// Generations being written (or whose import died: the caller decides from runner and heartbeat)
// and retired ones whose deletion was cut short.
MATCH (t:TelemetryImport)
WHERE t.status IN ['staging', 'retired']
RETURN t.id AS id, t.status AS status, t.runner AS runner, coalesce(t.heartbeatAt, t.startedAt) AS heartbeatAt;

// name: deleteGenerationNodes
CALL () {
  MATCH (n:TelemetryHost {generation: $generation}) RETURN n
  UNION ALL
  MATCH (n:TelemetryLog {generation: $generation}) RETURN n
}
CALL (n) { DELETE n } IN TRANSACTIONS OF 5000 ROWS;

// name: dropImport
MATCH (t:TelemetryImport {id: $generation, status: 'staging'})
DELETE t;

// name: archiveImport
MATCH (t:TelemetryImport {id: $generation, status: 'retired'})
SET t.status = 'archived';

// name: importByFingerprint
// An earlier import of the same bytes, format, as-of and map: importing it again changes nothing.
MATCH (t:TelemetryImport {fingerprint: $fingerprint})
WHERE t.status IN ['current', 'archived']
RETURN t {.*} AS node
ORDER BY t.importedAt DESC
LIMIT 1;

// name: createImport
CREATE (t:TelemetryImport)
SET t = $props, t.status = 'staging', t.heartbeatAt = $props.startedAt;

// name: heartbeat
MATCH (t:TelemetryImport {id: $generation, status: 'staging'})
SET t.heartbeatAt = $at
RETURN t.id AS id;

// name: createLogs
UNWIND $rows AS row
CREATE (l:TelemetryLog)
SET l = row, l.index = toInteger(row.index);

// name: createHosts
// `seen` is the packed observations (src/telemetry/records.ts); `observations` and `lastSeen` repeat
// what Cypher alone may want (how many, the latest of them). JS numbers arrive as floats.
UNWIND $rows AS row
CREATE (h:TelemetryHost)
SET h.key = row.key, h.generation = row.generation, h.hostKey = row.hostKey, h.host = row.host, h.rows = toInteger(row.rows),
    h.seen = row.seen, h.observations = toInteger(row.observations), h.lastSeen = datetime({epochSeconds: toInteger(row.lastSeen)})
RETURN count(h) AS hosts;

// name: countHosts
MATCH (h:TelemetryHost {generation: $generation})
RETURN count(h) AS hosts;

// name: switchImport
// Only over the generation this import merged: another import that switched meanwhile wins, this one fails.
MATCH (t:TelemetryImport {id: $generation, status: 'staging'})
OPTIONAL MATCH (old:TelemetryImport {status: 'current'})
WITH t, old
WHERE coalesce(old.id, '') = coalesce($previous, '')
SET old.status = 'retired', old.retiredAt = $importedAt
SET t += $props, t.status = 'current', t.importedAt = $importedAt
RETURN t.id AS id;

// name: allImports
MATCH (t:TelemetryImport)
RETURN t.id AS id;

// name: forgetImports
MATCH (t:TelemetryImport)
DELETE t;
