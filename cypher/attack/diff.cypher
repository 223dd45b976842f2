// What releaseDiff compares, one release (generation) at a time; the comparison itself is in
// src/attack/diff.ts, by ATT&CK id.

// name: techniqueStates
MATCH (t:Technique {generation: $generation})
WHERE t.attackId IS NOT NULL
OPTIONAL MATCH (t)-[:IN_TACTIC]->(x:Tactic)
WITH t, collect(DISTINCT x.shortname) AS tactics
RETURN t.attackId AS id, t.key AS key, t.name AS name, t.active AS active, t.revoked AS revoked,
       t.deprecated AS deprecated, t.replacedBy AS replacedBy, tactics, coalesce(t.platforms, []) AS platforms;

// name: detectionByPlatform
// Per active technique and platform: the data components that detect it (v10-v17 `detects`,
// v18+ through the analytics for that platform) and the (name, channel) log sources those
// analytics reference; as in the Technique.detectionByPlatform field. Log sources are compared
// by src/attack/log-source-match.ts (by log and channel member), not by their spelling.
MATCH (t:Technique {generation: $generation, active: true})
UNWIND coalesce(t.platforms, []) AS platform
CALL (t) {
  OPTIONAL MATCH (d:DataComponent)-[:DETECTS]->(t)
  RETURN collect(DISTINCT d) AS direct
}
CALL (t, platform) {
  OPTIONAL MATCH (t)<-[:DETECTS]-(:DetectionStrategy)-[:HAS_ANALYTIC]->(a:Analytic)
  WHERE platform IN a.platforms
  OPTIONAL MATCH (a)-[:USES_COMPONENT]->(d:DataComponent)
  OPTIONAL MATCH (a)-[:REFERENCES]->(l:AttackLogSource)
  RETURN collect(DISTINCT d) AS viaAnalytics, collect(DISTINCT l) AS logSources
}
RETURN t.attackId AS id, platform,
       [d IN direct + viaAnalytics | {id: d.stixId, key: d.key}] AS components,
       [l IN logSources | {name: l.name, channel: l.channel, key: l.key}] AS logSources;

// name: nodes
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})
RETURN n {.*} AS node;
