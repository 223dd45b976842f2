// What the HTTP server itself asks the database.

// name: readiness
MATCH (r:AttackRelease)
RETURN count(r) AS releases;
