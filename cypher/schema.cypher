// Constraints and indexes, created before any import; every statement is idempotent.
// ATT&CK objects are scoped to the generation that holds them (their `generation` property,
// "<domain>@<version>#<import id>"): key = "<generation>|<stix id>" ("<generation>|logsource|<name>|<channel>"
// for an AttackLogSource). AttackRelease key = "<domain>@<version>", pointing at one generation.

// Upgrade of a graph written before the property was named `generation` (it was `release`, with
// the three indexes dropped below): moved in batches, so a large graph never needs one huge
// transaction, while the old index still finds them; then the old indexes go. On a new or
// upgraded graph each statement finds nothing to do. The new indexes have new names, so that
// dropping the old ones never drops them.
// name: upgradeGenerationProperty
MATCH (n:AttackObject) WHERE n.release IS NOT NULL
CALL (n) { SET n.generation = n.release REMOVE n.release } IN TRANSACTIONS OF 5000 ROWS;
// name: dropAttackObjectReleaseIndex
DROP INDEX attack_object_release IF EXISTS;
// name: dropTechniqueAttackIdIndex
DROP INDEX technique_attack_id IF EXISTS;
// name: dropTacticShortnameIndex
DROP INDEX tactic_shortname IF EXISTS;

// name: attackObjectKey
CREATE CONSTRAINT attack_object_key IF NOT EXISTS FOR (n:AttackObject) REQUIRE n.key IS UNIQUE;
// name: attackObjectGeneration
CREATE INDEX attack_object_generation IF NOT EXISTS FOR (n:AttackObject) ON (n.generation);
// name: attackReleaseKey
CREATE CONSTRAINT attack_release_key IF NOT EXISTS FOR (r:AttackRelease) REQUIRE r.key IS UNIQUE;
// name: platformName
CREATE CONSTRAINT platform_name IF NOT EXISTS FOR (p:Platform) REQUIRE p.name IS UNIQUE;
// name: techniqueGenerationAttackId
CREATE INDEX technique_generation_attack_id IF NOT EXISTS FOR (t:Technique) ON (t.generation, t.attackId);
// name: techniqueStixId
CREATE INDEX technique_stix_id IF NOT EXISTS FOR (t:Technique) ON (t.stixId);
// name: tacticGenerationShortname
CREATE INDEX tactic_generation_shortname IF NOT EXISTS FOR (t:Tactic) ON (t.generation, t.shortname);
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

// Inventory: nodes are scoped to their InventorySnapshot (`snapshot` = its id, key = "<snapshot>|<id>";
// a CoverageProfile's id part is generated).
// name: inventorySnapshotId
CREATE CONSTRAINT inventory_snapshot_id IF NOT EXISTS FOR (s:InventorySnapshot) REQUIRE s.id IS UNIQUE;
// name: inventorySnapshotStatus
CREATE INDEX inventory_snapshot_status IF NOT EXISTS FOR (s:InventorySnapshot) ON (s.status);
// name: assetKey
CREATE CONSTRAINT asset_key IF NOT EXISTS FOR (a:Asset) REQUIRE a.key IS UNIQUE;
// name: assetSnapshot
CREATE INDEX asset_snapshot IF NOT EXISTS FOR (a:Asset) ON (a.snapshot);
// name: assetBusinessUnit
CREATE INDEX asset_business_unit IF NOT EXISTS FOR (a:Asset) ON (a.businessUnit);
// name: assetEnvironment
CREATE INDEX asset_environment IF NOT EXISTS FOR (a:Asset) ON (a.environment);
// name: assetCriticality
CREATE INDEX asset_criticality IF NOT EXISTS FOR (a:Asset) ON (a.criticality);
// name: logSourceKey
CREATE CONSTRAINT log_source_key IF NOT EXISTS FOR (l:LogSource) REQUIRE l.key IS UNIQUE;
// name: logSourceSnapshot
CREATE INDEX log_source_snapshot IF NOT EXISTS FOR (l:LogSource) ON (l.snapshot);
// name: controlKey
CREATE CONSTRAINT control_key IF NOT EXISTS FOR (c:Control) REQUIRE c.key IS UNIQUE;
// name: controlSnapshot
CREATE INDEX control_snapshot IF NOT EXISTS FOR (c:Control) ON (c.snapshot);
// name: coverageProfileKey
CREATE CONSTRAINT coverage_profile_key IF NOT EXISTS FOR (p:CoverageProfile) REQUIRE p.key IS UNIQUE;
// name: coverageProfileSnapshot
CREATE INDEX coverage_profile_snapshot IF NOT EXISTS FOR (p:CoverageProfile) ON (p.snapshot);

// Telemetry: one generation per import (TelemetryImport.id), its nodes keyed "<generation>|...".
// name: telemetryImportId
CREATE CONSTRAINT telemetry_import_id IF NOT EXISTS FOR (t:TelemetryImport) REQUIRE t.id IS UNIQUE;
// name: telemetryImportStatus
CREATE INDEX telemetry_import_status IF NOT EXISTS FOR (t:TelemetryImport) ON (t.status);
// name: telemetryImportFingerprint
CREATE INDEX telemetry_import_fingerprint IF NOT EXISTS FOR (t:TelemetryImport) ON (t.fingerprint);
// name: telemetryHostKey
CREATE CONSTRAINT telemetry_host_key IF NOT EXISTS FOR (h:TelemetryHost) REQUIRE h.key IS UNIQUE;
// name: telemetryHostGeneration
CREATE INDEX telemetry_host_generation IF NOT EXISTS FOR (h:TelemetryHost) ON (h.generation);
// name: telemetryLogKey
CREATE CONSTRAINT telemetry_log_key IF NOT EXISTS FOR (l:TelemetryLog) REQUIRE l.key IS UNIQUE;
// name: telemetryLogGeneration
CREATE INDEX telemetry_log_generation IF NOT EXISTS FOR (l:TelemetryLog) ON (l.generation);

// Detections: one rule set per import (DetectionRuleSet.id), its rules keyed "<set>|<rule id>".
// name: detectionRuleSetId
CREATE CONSTRAINT detection_rule_set_id IF NOT EXISTS FOR (s:DetectionRuleSet) REQUIRE s.id IS UNIQUE;
// name: detectionRuleSetStatus
CREATE INDEX detection_rule_set_status IF NOT EXISTS FOR (s:DetectionRuleSet) ON (s.status);
// name: detectionRuleKey
CREATE CONSTRAINT detection_rule_key IF NOT EXISTS FOR (r:DetectionRule) REQUIRE r.key IS UNIQUE;
// name: detectionRuleSet
CREATE INDEX detection_rule_set IF NOT EXISTS FOR (r:DetectionRule) ON (r.set);

// name: awaitIndexes
CALL db.awaitIndexes(300);
