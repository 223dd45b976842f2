// name: deleteRelationships
// Emptying goes relationships first, in chunks: a node's DETACH DELETE takes all its relationships
// in one transaction, and a log source collected by 100k assets has 100k of them.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS;

// name: deleteEverything
// Then the nodes, in chunks; constraints and indexes stay.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS;

// name: countAll
MATCH (n)
WITH count(n) AS nodes
MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships;

// name: labelsInUse
MATCH (n)
UNWIND labels(n) AS label
RETURN DISTINCT label
ORDER BY label;

// name: relationshipTypesInUse
MATCH ()-[r]->()
RETURN DISTINCT type(r) AS type
ORDER BY type;

// name: generationsInUse
// Which ATT&CK generations have objects, and which are marked unreferenced (diagnostics, tests).
OPTIONAL MATCH (n:AttackObject)
WITH collect(DISTINCT n.generation) AS generations
OPTIONAL MATCH (i:AttackImport)
RETURN generations, collect(i.generation) AS marked;
