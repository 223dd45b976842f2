// name: deleteEverything
// Empties the database in chunks (one huge transaction would exhaust the heap); constraints and indexes stay.
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
WITH collect(DISTINCT n.release) AS generations
OPTIONAL MATCH (i:AttackImport)
RETURN generations, collect(i.generation) AS marked;
