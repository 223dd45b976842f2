// Loading one ATT&CK release, staged then switched: the objects are written under a new
// generation ("enterprise-attack@18.1#<import id>") that no query sees, then one transaction
// points the AttackRelease at it, then the previous generation is deleted. A failed or killed
// import leaves only an unreferenced staging generation, removed by the next import.
// Labels and relationship types come from the importer's fixed lists, never from input.

// name: beginImport
// Also marks a replaced or retired generation for deletion: the marker means "no release refers to this".
CREATE (:AttackImport {generation: $generation, release: $release, startedAt: $startedAt});

// name: staleImports
MATCH (i:AttackImport)
RETURN i.generation AS generation;

// name: deleteGeneration
MATCH (n:AttackObject {generation: $generation})
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;

// name: endImport
MATCH (i:AttackImport {generation: $generation})
DELETE i;

// name: createNodes
// Returns each node's element id: the edge statements below find their ends by it.
UNWIND $rows AS row
CREATE (n:AttackObject:$($label))
SET n = row
RETURN row.key AS key, elementId(n) AS id;

// name: createEdges
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.from
MATCH (b) WHERE elementId(b) = row.to
CREATE (a)-[:$($type)]->(b);

// name: createEdgesWithProps
// Only REFERENCES has properties; setting them costs an Eager, so edges without go through createEdges.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.from
MATCH (b) WHERE elementId(b) = row.to
CREATE (a)-[e:$($type)]->(b)
SET e = row.props;

// name: onPlatform
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.from
MERGE (p:Platform {name: row.platform})
CREATE (n)-[:ON_PLATFORM]->(p);

// name: countActiveTechniques
MATCH (t:Technique {generation: $generation, active: true})
RETURN count(t) AS count;

// name: switchRelease
// Returns the generation it replaces (null for a new release) so it can be deleted.
MERGE (r:AttackRelease {key: $props.key})
WITH r, r.generation AS previous
SET r = $props
RETURN previous;

// name: retireRelease
// Unlinks a release and marks its generation for deletion, in one transaction.
MATCH (r:AttackRelease {key: $key})
WITH r, r.generation AS generation
CREATE (:AttackImport {generation: generation, release: r.key, startedAt: $startedAt})
DELETE r
RETURN generation;
