// Counts for tests and benchmarks (test/support/telemetry.ts).

// name: telemetryCounts
CALL () {
  MATCH (t:TelemetryImport) RETURN 'TelemetryImport:' + t.status AS name, count(*) AS count
  UNION ALL
  MATCH (h:TelemetryHost) RETURN 'TelemetryHost' AS name, count(*) AS count
  UNION ALL
  MATCH (l:TelemetryLog) RETURN 'TelemetryLog' AS name, count(*) AS count
}
RETURN name, sum(count) AS count
ORDER BY name;

// name: generationsInUse
CALL () {
  MATCH (h:TelemetryHost) RETURN DISTINCT h.generation AS generation
  UNION
  MATCH (l:TelemetryLog) RETURN DISTINCT l.generation AS generation
}
RETURN collect(generation) AS generations;
