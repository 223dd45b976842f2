// Constraints and indexes, created before any import; every statement is idempotent.
// ATT&CK objects are scoped to the release that holds them: key = "<domain>@<version>|<stix id>".

// name: attackObjectKey
CREATE CONSTRAINT attack_object_key IF NOT EXISTS FOR (n:AttackObject) REQUIRE n.key IS UNIQUE;
// name: attackObjectRelease
CREATE INDEX attack_object_release IF NOT EXISTS FOR (n:AttackObject) ON (n.release);
// name: attackReleaseKey
CREATE CONSTRAINT attack_release_key IF NOT EXISTS FOR (r:AttackRelease) REQUIRE r.key IS UNIQUE;
// name: platformName
CREATE CONSTRAINT platform_name IF NOT EXISTS FOR (p:Platform) REQUIRE p.name IS UNIQUE;
// name: techniqueAttackId
CREATE INDEX technique_attack_id IF NOT EXISTS FOR (t:Technique) ON (t.release, t.attackId);
// name: techniqueStixId
CREATE INDEX technique_stix_id IF NOT EXISTS FOR (t:Technique) ON (t.stixId);
// name: tacticShortname
CREATE INDEX tactic_shortname IF NOT EXISTS FOR (t:Tactic) ON (t.release, t.shortname);
// name: dataComponentStixId
CREATE INDEX data_component_stix_id IF NOT EXISTS FOR (d:DataComponent) ON (d.stixId);
// name: attackLogSourceName
CREATE INDEX attack_log_source_name IF NOT EXISTS FOR (l:AttackLogSource) ON (l.nameLower);
// name: apiKeyHash
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE;
// name: apiKeyId
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
// name: attackSyncKey
CREATE CONSTRAINT attack_sync_key IF NOT EXISTS FOR (s:AttackSync) REQUIRE s.key IS UNIQUE;

// name: awaitIndexes
CALL db.awaitIndexes(300);
