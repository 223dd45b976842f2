// Writing a detection rule set (import/detections/write.ts). One transaction retires the current
// set and writes the new one, its rules included, as `current`: a refused or killed import
// changes nothing, and no query ever sees half a set. The retired set's rules are deleted after.

// name: retireCurrent
MATCH (s:DetectionRuleSet {status: 'current'})
SET s.status = 'retired', s.retiredAt = $at
RETURN s.id AS id;

// name: createRuleSet
CREATE (s:DetectionRuleSet)
SET s = $props, s.status = 'current'
RETURN s.id AS id;

// name: createRules
// Requirements as two parallel lists (a property cannot hold maps): names, and channels ('' for none).
UNWIND $rows AS row
CREATE (r:DetectionRule)
SET r = row, r.eventIds = [e IN row.eventIds | toInteger(e)]
RETURN count(r) AS rules;

// name: retiredSets
MATCH (s:DetectionRuleSet {status: 'retired'})
RETURN s.id AS id;

// name: deleteRules
MATCH (r:DetectionRule {set: $set})
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS;

// name: deleteRuleSet
MATCH (s:DetectionRuleSet {id: $set, status: 'retired'})
DELETE s;

// name: allRuleSets
MATCH (s:DetectionRuleSet)
RETURN s.id AS id;

// name: forgetRuleSets
MATCH (s:DetectionRuleSet)
DELETE s;
