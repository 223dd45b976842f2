import { deltaChanges, pairDelta } from '../attack/coverage-delta';
import { resolveAttackIds } from '../attack/replacements';
import { Caches } from '../cache/caches';
import { CoverageInput } from '../coverage/params';
import { DetectionCarryOverState } from '../generated/graphql';
import { DetectionCoverageRowRecord } from './records';
import { detectionCoverage } from './views';

/**
 * releaseDiff.detectionDelta: detectionCoverage under both releases, paired through replacements
 * by the one comparison coverageDelta uses (pairDelta), a pair's "gap" being detected on no host.
 */
const undetected = (r: DetectionCoverageRowRecord) => r.hostsDetected === 0;

const STATES = {
  STILL_GAP: 'STILL_UNDETECTED',
  STILL_COVERED: 'STILL_DETECTED',
  BECAME_GAP: 'STOPPED_BEING_DETECTED',
  STOPPED_BEING_GAP: 'BECAME_DETECTED',
} as const satisfies Record<string, DetectionCarryOverState>;

export async function detectionDelta(caches: Caches, domain: string, from: string, to: string, query: CoverageInput | null | undefined) {
  // The whole matrix of each release, as coverageDelta reads it.
  const base: CoverageInput = { ...query, domain, onlyGaps: false, onlyUncovered: false };
  const [a, b] = await Promise.all([
    detectionCoverage(caches, { ...base, release: from }),
    detectionCoverage(caches, { ...base, release: to }),
  ]);
  const successors = await resolveAttackIds(caches, b.resolved.release.generation, [...new Set(a.rows.map((r) => r.technique.id))]);
  const delta = pairDelta(a.rows, b.rows, (id) => successors.get(id) ?? null, undetected);
  const changes = deltaChanges(delta);
  return {
    stoppedBeingDetected: changes.becameGaps,
    becameDetected: changes.stoppedBeingGaps,
    carriedOver: changes.carriedOver.map((c) => ({ ...c, state: STATES[c.state] })),
  };
}
