// What the inventory resolves against: the ATT&CK releases loaded now (AttackRelease.generation),
// every domain. Run inside the caller's transaction, so a release switch sees its new generation.

// name: releasePlatforms
// A release's platforms are its techniques' platforms: what coverage counts hosts on.
MATCH (r:AttackRelease)
OPTIONAL MATCH (t:AttackObject {generation: r.generation}) WHERE t:Technique
UNWIND coalesce(t.platforms, []) AS platform
WITH r, collect(DISTINCT platform) AS platforms
RETURN r.key AS release, r.generation AS generation, platforms
ORDER BY r.domain, r.versionOrder DESC;

// name: dataComponents
MATCH (r:AttackRelease)
MATCH (d:AttackObject {generation: r.generation}) WHERE d:DataComponent
RETURN d.stixId AS stixId, d.attackId AS attackId, d.name AS name;

// name: attackLogSources
// ATT&CK's (name, channel) pairs with the components they feed: data components'
// x_mitre_log_sources and analytics' log source references alike (both become OF_COMPONENT).
// Matched in src/attack/log-source-match.ts (channel members, Windows spellings), not here.
MATCH (r:AttackRelease)
MATCH (l:AttackObject {generation: r.generation})-[:OF_COMPONENT]->(d:DataComponent)
WHERE l:AttackLogSource
RETURN DISTINCT l.name AS name, l.channel AS channel, d.stixId AS stixId;
