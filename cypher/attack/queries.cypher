// Read queries over ATT&CK. $generation is the `generation` property of the nodes
// ("enterprise-attack@18.1#<import id>", an AttackRelease's `generation`), not the release key
// ("enterprise-attack@18.1"); relation statements take $keys (node keys) and return (key, items)
// for batching loaders.

// name: releases
MATCH (r:AttackRelease)
RETURN r {.*} AS release
ORDER BY r.domain, r.versionOrder DESC;

// name: technique
MATCH (t:Technique {generation: $generation})
WHERE t.attackId = toUpper($id) OR t.stixId = $id
RETURN t {.*} AS node
ORDER BY t.active DESC
LIMIT 1;

// name: techniques
MATCH (t:Technique {generation: $generation})
WHERE ($includeRevoked OR t.active)
  AND ($includeSubtechniques OR NOT t.isSubtechnique)
  AND ($platforms IS NULL OR EXISTS { (t)-[:ON_PLATFORM]->(p:Platform) WHERE p.name IN $platforms })
  AND ($tactic IS NULL OR EXISTS {
        (t)-[:IN_TACTIC]->(x:Tactic)
        WHERE x.shortname = toLower($tactic) OR x.attackId = toUpper($tactic) OR toLower(x.name) = toLower($tactic) })
  AND ($text IS NULL OR t.attackId = toUpper($text)
       OR toLower(t.name) CONTAINS toLower($text) OR toLower(coalesce(t.description, '')) CONTAINS toLower($text))
WITH t ORDER BY t.attackId, t.stixId
WITH collect(t) AS matched
RETURN size(matched) AS total, [t IN matched[$skip..($skip + $limit)] | t {.*}] AS page;

// name: tactics
MATCH (x:Tactic {generation: $generation})
WHERE x.active
RETURN x {.*} AS node
ORDER BY x.order, x.attackId;

// name: platforms
MATCH (t:Technique {generation: $generation, active: true})-[:ON_PLATFORM]->(p:Platform)
RETURN p.name AS name, count(t) AS techniqueCount
ORDER BY name;

// name: dataSourceObjects
MATCH (d:DataSource {generation: $generation})
WHERE $includeDeprecated OR d.active
RETURN d {.*} AS node
ORDER BY d.name;

// name: dataSourceStrings
// Pre-v10 releases have no data source objects: the strings techniques carry are the data sources.
MATCH (t:Technique {generation: $generation, active: true})
UNWIND t.dataSources AS name
RETURN name, count(DISTINCT t) AS techniqueCount
ORDER BY name;

// name: dataComponents
MATCH (d:DataComponent {generation: $generation})
WHERE $includeDeprecated OR d.active
RETURN d {.*} AS node
ORDER BY d.name;

// name: detectionStrategies
MATCH (s:DetectionStrategy {generation: $generation, active: true})
WHERE $technique IS NULL OR EXISTS { (s)-[:DETECTS]->(t:Technique) WHERE t.attackId = toUpper($technique) }
RETURN s {.*} AS node
ORDER BY s.attackId;

// name: adversaries
// $label is one of Group, Software, Campaign (fixed by the resolver, never from input).
MATCH (n:AttackObject:$($label) {generation: $generation})
WHERE ($includeRevoked OR n.active)
  AND ($text IS NULL OR n.attackId = toUpper($text) OR toLower(n.name) CONTAINS toLower($text)
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS toLower($text)))
RETURN n {.*} AS node
ORDER BY n.attackId;

// name: adversary
MATCH (n:AttackObject {generation: $generation})
WHERE (n:Group OR n:Software OR n:Campaign) AND (n.attackId = toUpper($id) OR n.stixId = $id)
RETURN n {.*} AS node
ORDER BY n.active DESC
LIMIT 1;

// name: mitigations
MATCH (m:Mitigation {generation: $generation})
WHERE $includeDeprecated OR m.active
RETURN m {.*} AS node
ORDER BY m.attackId;

// ---- relations, batched by node key ----

// name: tacticsOf
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})-[:IN_TACTIC]->(x:Tactic)
WITH key, x ORDER BY x.order
RETURN key, collect(x {.*}) AS items;

// name: techniquesInTactic
UNWIND $keys AS key
MATCH (x:AttackObject {key: key})<-[:IN_TACTIC]-(t:Technique {active: true})
WHERE $includeSubtechniques OR NOT t.isSubtechnique
WITH key, t ORDER BY t.attackId
RETURN key, collect(t {.*}) AS items;

// name: platformsOf
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})-[:ON_PLATFORM]->(p:Platform)
WITH key, p ORDER BY p.name
RETURN key, collect(p {.*}) AS items;

// name: parentOf
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})-[:SUBTECHNIQUE_OF]->(p:Technique)
RETURN key, collect(p {.*}) AS items;

// name: subtechniquesOf
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})<-[:SUBTECHNIQUE_OF]-(s:Technique)
WHERE s.active
WITH key, s ORDER BY s.attackId
RETURN key, collect(s {.*}) AS items;

// name: componentsDetecting
// v10-v17: components that `detect` the technique; v18+: components its analytics reference
// (on $platform when given).
UNWIND $keys AS key
MATCH (t:AttackObject {key: key})
CALL (t) {
  MATCH (d:DataComponent)-[:DETECTS]->(t)
  RETURN d
  UNION
  MATCH (t)<-[:DETECTS]-(:DetectionStrategy)-[:HAS_ANALYTIC]->(a:Analytic)-[:USES_COMPONENT]->(d:DataComponent)
  WHERE $platform IS NULL OR $platform IN a.platforms
  RETURN d
}
WITH key, d ORDER BY d.name
RETURN key, collect(DISTINCT d {.*}) AS items;

// name: detectionByPlatform
// Per platform of the technique: its components, and v18+ the analytics and (name, channel) log
// sources. Every list is ordered so pages and diffs are stable; each subquery starts from the
// technique, never from all data components of all releases.
UNWIND $keys AS key
MATCH (t:AttackObject {key: key})
UNWIND coalesce(t.platforms, []) AS platform
CALL (t, platform) {
  MATCH (t)<-[:DETECTS]-(:DetectionStrategy)-[:HAS_ANALYTIC]->(a:Analytic)
  WHERE platform IN a.platforms
  WITH DISTINCT a ORDER BY a.attackId, a.stixId
  RETURN collect(a) AS analytics
}
CALL (t, analytics) {
  CALL (t, analytics) {
    MATCH (c:DataComponent)-[:DETECTS]->(t)
    RETURN c
    UNION
    UNWIND analytics AS a
    MATCH (a)-[:USES_COMPONENT]->(c:DataComponent)
    RETURN c
  }
  WITH c ORDER BY c.name, c.stixId
  RETURN collect(c) AS components
}
CALL (analytics) {
  UNWIND analytics AS a
  MATCH (a)-[:REFERENCES]->(l:AttackLogSource)
  WITH DISTINCT l ORDER BY l.name, l.channel
  RETURN collect(l) AS logSources
}
WITH key, platform, analytics, logSources, components
ORDER BY platform
RETURN key, collect({
  platform: platform,
  dataComponents: [c IN components | c {.*}],
  analytics: [a IN analytics | a {.*}],
  logSources: [l IN logSources | l {.*}]
}) AS items;

// name: detectionStrategiesOf
UNWIND $keys AS key
MATCH (t:AttackObject {key: key})<-[:DETECTS]-(s:DetectionStrategy)
WITH key, s ORDER BY s.attackId
RETURN key, collect(s {.*}) AS items;

// name: mitigationsOf
UNWIND $keys AS key
MATCH (t:AttackObject {key: key})<-[:MITIGATES]-(m:Mitigation)
WHERE m.active
WITH key, m ORDER BY m.attackId
RETURN key, collect(m {.*}) AS items;

// name: usersOf
// Who uses a technique or a piece of software; $label is Group, Software or Campaign.
UNWIND $keys AS key
MATCH (t:AttackObject {key: key})<-[:USES]-(u:AttackObject:$($label))
WHERE u.active
WITH key, u ORDER BY u.attackId
RETURN key, collect(u {.*}) AS items;

// name: usedBy
// What a group, software or campaign uses; $label is Technique or Software.
UNWIND $keys AS key
MATCH (n:AttackObject {key: key})-[:USES]->(x:AttackObject:$($label))
WHERE x.active
WITH key, x ORDER BY x.attackId
RETURN key, collect(x {.*}) AS items;

// name: attributedGroups
UNWIND $keys AS key
MATCH (c:AttackObject {key: key})-[:ATTRIBUTED_TO]->(g:Group)
WITH key, g ORDER BY g.attackId
RETURN key, collect(g {.*}) AS items;

// name: campaignsOfGroup
UNWIND $keys AS key
MATCH (g:AttackObject {key: key})<-[:ATTRIBUTED_TO]-(c:Campaign)
WHERE c.active
WITH key, c ORDER BY c.attackId
RETURN key, collect(c {.*}) AS items;

// name: dataSourceOf
UNWIND $keys AS key
MATCH (d:AttackObject {key: key})-[:PART_OF]->(s:DataSource)
RETURN key, collect(s {.*}) AS items;

// name: componentsOfSource
UNWIND $keys AS key
MATCH (s:AttackObject {key: key})<-[:PART_OF]-(d:DataComponent)
WITH key, d ORDER BY d.name
RETURN key, collect(d {.*}) AS items;

// name: logSourcesOfComponent
UNWIND $keys AS key
MATCH (d:AttackObject {key: key})<-[:OF_COMPONENT]-(l:AttackLogSource)
WITH key, l ORDER BY l.name, l.channel
RETURN key, collect(l {.*}) AS items;

// name: componentsOfLogSource
UNWIND $keys AS key
MATCH (l:AttackObject {key: key})-[:OF_COMPONENT]->(d:DataComponent)
WITH key, d ORDER BY d.name
RETURN key, collect(d {.*}) AS items;

// name: techniquesOfComponent
UNWIND $keys AS key
MATCH (d:AttackObject {key: key})
CALL (d) {
  MATCH (d)-[:DETECTS]->(t:Technique) RETURN t
  UNION
  MATCH (d)<-[:USES_COMPONENT]-(:Analytic)<-[:HAS_ANALYTIC]-(:DetectionStrategy)-[:DETECTS]->(t:Technique) RETURN t
}
WITH key, t WHERE t.active
WITH key, t ORDER BY t.attackId
RETURN key, collect(DISTINCT t {.*}) AS items;

// name: techniquesDetectedBy
UNWIND $keys AS key
MATCH (s:AttackObject {key: key})-[:DETECTS]->(t:Technique)
WITH key, t ORDER BY t.attackId
RETURN key, collect(t {.*}) AS items;

// name: analyticsOf
UNWIND $keys AS key
MATCH (s:AttackObject {key: key})-[:HAS_ANALYTIC]->(a:Analytic)
WHERE $platform IS NULL OR $platform IN a.platforms
WITH key, a ORDER BY a.attackId
RETURN key, collect(a {.*}) AS items;

// name: logSourceReferencesOf
UNWIND $keys AS key
MATCH (a:AttackObject {key: key})-[r:REFERENCES]->(l:AttackLogSource)
OPTIONAL MATCH (d:DataComponent {generation: a.generation, stixId: r.dataComponent})
WITH key, l, d ORDER BY l.name, l.channel
RETURN key, collect({name: l.name, channel: l.channel, dataComponent: d {.*}}) AS items;

// name: mitigatedTechniques
UNWIND $keys AS key
MATCH (m:AttackObject {key: key})-[:MITIGATES]->(t:Technique)
WHERE t.active
WITH key, t ORDER BY t.attackId
RETURN key, collect(t {.*}) AS items;
