import { NodeRecord } from '../attack/records';
import { RowEntry } from '../coverage/engine';
import { DetectionRuleRecord } from './rule';

/** What detection GraphQL types map to (codegen mappers). */

/** A rule with the techniques it counts for under the query's release and its hosts in the query's population. */
export interface DetectionRuleView {
  rule: DetectionRuleRecord;
  techniques: NodeRecord[];
  deployedHosts: number;
  firingHosts: number;
  cannotFireHosts: number;
}

export interface DetectionCoverageRowRecord extends RowEntry {
  hostsDetected: number;
  hostsVisibleNotDetected: number;
  /** The rules counting for the technique on this platform, by id. */
  rules: DetectionRuleView[];
}
