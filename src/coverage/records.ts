import { NodeRecord } from '../attack/records';
import { AssetFilterInput } from '../inventory/filter';
import { InventoryNode } from '../inventory/records';
import { StateName } from '../inventory/states';
import { RowEntry } from './engine';

/**
 * What the coverage views (./views/) answer, as GraphQL's coverage types map to them (codegen
 * mappers). Kept apart from the views: the generated types import these, and the views import
 * the generated CoverageQuery, so neither imports the other's importer.
 */

/**
 * Hosts of the population on one platform collecting one log source, by its effective state.
 * Under an ATT&CK pair, `matchedMembers`: the members of the pair's channel it matched.
 */
export interface LogSourceUseRecord {
  logSource: InventoryNode; configured: number; tested: number; monitored: number; atMinState: number; matchedMembers?: string[];
}

/** A (technique, platform) and a number of hosts: closed by a recommendation, covered by a control. */
export interface CoverageGainRecord { technique: NodeRecord; platform: string; hosts: number }

// ---- techniqueCoverage

export interface ComponentCoverageRecord { name: string; dataComponent: NodeRecord | null; hosts: number; collectedBy: LogSourceUseRecord[] }
/** One ATT&CK pair of (T, P); `members`: what its channel stands for (INVENTORY.md v1.1), [] without a channel. */
export interface PairCoverage { name: string; channel: string | null; members: string[]; hosts: number; collectedBy: LogSourceUseRecord[] }
export interface PlatformCoverageRecord extends RowEntry {
  dataComponents: ComponentCoverageRecord[];
  logSources: PairCoverage[];
  /**
   * Profiles whose hosts are blind here and the filter that narrows them, for paging the blind
   * hosts; under telemetry evidence also the blind assets of those profiles (the others are not).
   */
  blind: { profiles: string[]; filter: AssetFilterInput | null | undefined; assets?: string[] };
}

export interface TechniqueCoverageRecord { technique: NodeRecord; platforms: PlatformCoverageRecord[] }

// ---- recommendations

export interface RecommendationRecord {
  /** The inventory log source to enable on more hosts; null for a (name, channel) ATT&CK names that the inventory lacks. */
  logSource: InventoryNode | null;
  name: string | null;
  channel: string | null;
  dataComponents: NodeRecord[];
  platforms: string[];
  /** (technique, host) blind pairs it would close, enabled at minState on the blind hosts of those rows. */
  blindPairs: number;
  closes: CoverageGainRecord[];
}

// ---- singlePointsOfFailure

export interface SinglePointOfFailureRecord extends RowEntry { logSource: InventoryNode | null; control: InventoryNode | null }

// ---- controlCoverage

export interface ControlCoverageRecord {
  control: InventoryNode;
  produces: InventoryNode[];
  /** Hosts it is deployed on, per platform (release names) and state. */
  hosts: { platform: string; state: StateName; hosts: number }[];
  /** Distinct hosts it is deployed on at minState or above. */
  hostsAtMinState: number;
  /** (T, P) its log sources cover, on how many hosts (deployed at minState or above on P). */
  techniques: CoverageGainRecord[];
}

// ---- tacticMatrix

export interface TacticCoverageRecord {
  tactic: NodeRecord;
  /** Its active techniques in the query's selection, sub-techniques included, by ATT&CK id. */
  techniqueList: NodeRecord[];
  /** Techniques of the tactic with at least one row (hosts on one of their platforms). */
  techniques: number;
  /** Every row fully covered. */
  covered: number;
  /** Some hosts covered somewhere, some blind. */
  partial: number;
  /** No host covered on any of its platforms. */
  uncovered: number;
  /** Techniques with no row: no host on any of their platforms in the population. */
  notApplicable: number;
}
