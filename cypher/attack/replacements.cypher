// What src/attack/replacements.ts resolves tagged ATT&CK ids with: one release (generation) at a
// time, every technique with an ATT&CK id, revoked and deprecated ones included. `replacedBy` is
// the ATT&CK id at the end of the technique's revoked-by chain in the same release (set on import).

// name: techniqueIds
MATCH (t:Technique {generation: $generation})
WHERE t.attackId IS NOT NULL
RETURN t.attackId AS id, t.name AS name, t.active AS active, t.revoked AS revoked, t.replacedBy AS replacedBy;
