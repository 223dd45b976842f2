// Loading one ATT&CK release: one transaction writes the objects under a new generation
// ("enterprise-attack@18.1#<import id>"), points the AttackRelease at it and marks the generation
// it replaces; then the replaced generation is deleted in batches. A kill at any point leaves the
// release as it was or as the import made it, and at most a marked generation that no release
// refers to, which the next import deletes. Labels and relationship types come from the
// importer's fixed lists, never from input.

// name: markedGenerations
// An AttackImport marker means "no release refers to this generation": delete it.
MATCH (i:AttackImport)
RETURN i.generation AS generation;

// name: deleteGeneration
MATCH (n:AttackObject {generation: $generation})
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;

// name: unmarkGeneration
MATCH (i:AttackImport {generation: $generation})
DELETE i;

// name: writeRelease
// The whole generation and the switch to it in one statement, in one transaction with the
// inventory's re-resolution: one commit instead of one per batch (a fresh server's commit path
// is cold), and nothing of the new generation exists unless the release points at it.
// Edges name their ends by position in $graph.nodes, so no end is looked up: collect keeps row
// order (both lists come from one aggregation of the same rows) and the WHERE makes sure; a
// mismatch returns no row, which the importer reports. Positions arrive as floats (JavaScript
// numbers), hence toInteger.
// $graph.nodes: {label, props} rows; $graph.edges: per relationship type without properties, the
// ends as two position lists; $graph.edgesWithProps: one row per relationship; $graph.platforms:
// each platform and its nodes' positions. The lists come in one map because Neo4j keys its plan
// cache on the size class of each list parameter: as lists, a release of another size (ICS after
// enterprise) would plan this statement again (measured: 0.5-0.6 s for ICS or mobile just after
// enterprise).
// $release: the AttackRelease's properties. Returns the generation it replaced (null for a new
// release), marked for deletion in the same step.
UNWIND range(0, size($graph.nodes) - 1) AS i
WITH i, $graph.nodes[i] AS row
CREATE (n:AttackObject:$(row.label))
SET n = row.props
WITH collect(i) AS positions, collect(n) AS ns
WHERE positions = range(0, size($graph.nodes) - 1)
CALL (ns) {
  UNWIND $graph.edges AS group
  UNWIND range(0, size(group.from) - 1) AS j
  WITH ns[toInteger(group.from[j])] AS a, ns[toInteger(group.to[j])] AS b, group.type AS type
  CREATE (a)-[:$(type)]->(b)
}
CALL (ns) {
  UNWIND $graph.edgesWithProps AS row
  WITH ns[toInteger(row.from)] AS a, ns[toInteger(row.to)] AS b, row
  CREATE (a)-[e:$(row.type)]->(b)
  SET e = row.props
}
CALL (ns) {
  UNWIND $graph.platforms AS platform
  MERGE (p:Platform {name: platform.name})
  WITH p, platform
  UNWIND platform.nodes AS j
  WITH ns[toInteger(j)] AS n, p
  CREATE (n)-[:ON_PLATFORM]->(p)
}
MERGE (r:AttackRelease {key: $release.key})
WITH ns, r, r.generation AS previous
SET r = $release
FOREACH (g IN CASE WHEN previous IS NULL THEN [] ELSE [previous] END |
  CREATE (:AttackImport {generation: g, release: r.key, startedAt: r.importedAt})
)
RETURN size(ns) AS nodes, previous;

// name: retireRelease
// Unlinks a release and marks its generation for deletion, in one transaction.
MATCH (r:AttackRelease {key: $key})
WITH r, r.generation AS generation
CREATE (:AttackImport {generation: generation, release: r.key, startedAt: $startedAt})
DELETE r
RETURN generation;
