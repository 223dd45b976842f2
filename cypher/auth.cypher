// API keys: only the sha256 of a key is stored; the key itself is shown once, when created.

// name: createKey
CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, name: $name, createdAt: $createdAt})
RETURN k {.id, .role, .name, .createdAt} AS key;

// name: listKeys
MATCH (k:ApiKey)
RETURN k {.id, .role, .name, .createdAt} AS key
ORDER BY k.createdAt, k.id;

// name: revokeKey
MATCH (k:ApiKey {id: $id})
DELETE k
RETURN count(*) AS revoked;

// name: roleOfKey
MATCH (k:ApiKey {hash: $hash})
RETURN k.role AS role;

// name: countKeys
MATCH (k:ApiKey)
RETURN count(k) AS keys;
