import { NodeRecord } from '../attack/records';
import { RowEntry } from '../coverage/engine';
import { CoverageGainRecord } from '../coverage/records';
import { InventoryNode } from '../inventory/records';
import { DetectionRuleRecord } from './rule';

/** What detection GraphQL types map to (codegen mappers). */

/** A rule with the techniques it counts for under the query's release and its hosts in the query's population. */
export interface DetectionRuleView {
  rule: DetectionRuleRecord;
  techniques: NodeRecord[];
  deployedHosts: number;
  firingHosts: number;
  cannotFireHosts: number;
  /** The same per platform of the rule's where it is deployed: where it cannot fire. */
  byPlatform: { platform: string; deployedHosts: number; firingHosts: number; cannotFireHosts: number }[];
}

export interface DetectionCoverageRowRecord extends RowEntry {
  hostsDetected: number;
  hostsVisibleNotDetected: number;
  /** The rules counting for the technique on this platform, by id. */
  rules: DetectionRuleView[];
}

/** A log source ranked by the (technique, host) detections enabling it would add. */
export interface DetectionRecommendationRecord {
  logSource: InventoryNode | null;
  name: string | null;
  channel: string | null;
  /** Where it would be enabled: every host with one of these platforms (null: every host). */
  platforms: string[];
  detections: number;
  closes: CoverageGainRecord[];
  /** Rules deployed where it would be enabled and not firing there today that it would let fire, most hosts first. */
  rules: { view: DetectionRuleView; hosts: number }[];
}

/** An adversary's technique with its detection rows. */
export interface ThreatTechniqueRecord {
  technique: NodeRecord;
  hostsTotal: number;
  hostsCovered: number;
  hostsDetected: number;
  rows: DetectionCoverageRowRecord[];
}

export interface ThreatDetectionRecord {
  release: string;
  detected: ThreatTechniqueRecord[];
  visibleOnly: ThreatTechniqueRecord[];
  blind: ThreatTechniqueRecord[];
}
