// Reading the current detection rule set (src/detections/store.ts): a few thousand rules, read
// once per set into the server's caches.

// name: currentRuleSet
MATCH (s:DetectionRuleSet {status: 'current'})
RETURN s {.*} AS node
ORDER BY s.importedAt DESC
LIMIT 1;

// name: rules
MATCH (r:DetectionRule {set: $set})
RETURN r {.*} AS node
ORDER BY r.id;

// name: inventoryLogSourceIds
// The current inventory's log source ids: what an in-house rule's `@id` requirement must name.
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (l:LogSource {snapshot: s.id})
RETURN l.id AS id;

// name: assetCells
// The assets a detections document names by id (keys "<snapshot>|<id>"), each with what its
// population cell is made of: they are split out of their cells (src/detections/model.ts).
UNWIND $keys AS key
MATCH (a:Asset {key: key})-[:IN_PROFILE]->(p:CoverageProfile)
RETURN a.id AS id, p.key AS profile, a.businessUnit AS businessUnit, a.environment AS environment, a.criticality AS criticality, a.tags AS tags;

// name: counts
// Rule sets and rules stored, of any status (tests: what killed imports left).
CALL () { MATCH (s:DetectionRuleSet) RETURN count(s) AS sets }
CALL () { MATCH (r:DetectionRule) RETURN count(r) AS rules }
RETURN sets, rules;
