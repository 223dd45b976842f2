// What ATT&CK says detects each technique, read once per release generation ($generation) and cached
// by src/coverage/release-data.ts. Revoked or deprecated strategies, analytics and components never count.

// name: model
// Which clause of DC(T, P) applies: detection strategies (v18+), data components (v10-v17), or strings.
RETURN EXISTS { (:DetectionStrategy {generation: $generation}) } AS strategies,
       EXISTS { (:DataComponent {generation: $generation}) } AS components;

// name: techniques
MATCH (t:Technique {generation: $generation, active: true})
OPTIONAL MATCH (t)-[:IN_TACTIC]->(x:Tactic)
WITH t, x ORDER BY x.order
RETURN t {.*} AS node, [s IN collect(x.shortname) WHERE s IS NOT NULL] AS tactics,
       [(t)-[:SUBTECHNIQUE_OF]->(p:Technique) | p.attackId][0] AS parent;

// name: analyticDetection
// v18+: per (technique, platform), the components and (name, channel) pairs of the analytics of
// every strategy that detects it.
MATCH (t:Technique {generation: $generation, active: true})<-[:DETECTS]-(:DetectionStrategy {active: true})
      -[:HAS_ANALYTIC]->(a:Analytic {active: true})-[r:REFERENCES]->(l:AttackLogSource)
MATCH (d:DataComponent {stixId: r.dataComponent, generation: $generation, active: true})
UNWIND a.platforms AS platform
RETURN t.attackId AS technique, platform, collect(DISTINCT d.stixId) AS components,
       collect(DISTINCT [l.name, l.channel]) AS pairs;

// name: componentDetection
// v10-v17: the data components that detect each technique, on all its platforms.
MATCH (t:Technique {generation: $generation, active: true})<-[:DETECTS]-(d:DataComponent {active: true})
RETURN t.attackId AS technique, collect(DISTINCT d.stixId) AS components;

// name: components
// The release's data components (name and DC id), to name the components a view lists.
MATCH (d:DataComponent {generation: $generation})
RETURN d.stixId AS stixId, d {.*} AS node;

// name: pairComponents
// v18+: which components each ATT&CK (name, channel) feeds, and on which platforms analytics use it.
MATCH (l:AttackLogSource {generation: $generation})-[:OF_COMPONENT]->(d:DataComponent {active: true})
OPTIONAL MATCH (a:Analytic {active: true})-[:REFERENCES]->(l)
WITH l, collect(DISTINCT d.stixId) AS components, collect(a.platforms) AS platforms
RETURN l.name AS name, l.channel AS channel, components,
       reduce(all = [], p IN platforms | all + [x IN p WHERE NOT x IN all]) AS platforms;

// name: adversaryTechniques
// Techniques a group, software or campaign uses ($id: ATT&CK id, STIX id, name or alias): a
// group's own and its attributed campaigns', and with $includeSoftware those of the software it uses.
MATCH (n:AttackObject:$($label) {generation: $generation})
WHERE (n.attackId = toUpper($id) OR n.stixId = $id OR toLower(n.name) = toLower($id)
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($id)))
WITH n ORDER BY n.active DESC LIMIT 1
CALL (n) {
  MATCH (n)-[:USES]->(t:Technique) RETURN t
  UNION
  MATCH (n)<-[:ATTRIBUTED_TO]-(:Campaign {active: true})-[:USES]->(t:Technique) RETURN t
  UNION
  MATCH (n)-[:USES]->(:Software {active: true})-[:USES]->(t:Technique) WHERE $includeSoftware RETURN t
  UNION
  MATCH (n)<-[:ATTRIBUTED_TO]-(:Campaign {active: true})-[:USES]->(:Software {active: true})-[:USES]->(t:Technique)
  WHERE $includeSoftware RETURN t
}
RETURN n.attackId AS adversary, collect(DISTINCT t.attackId) AS techniques;
