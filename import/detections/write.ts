import { randomBytes } from 'node:crypto';
import { autoCommit, read, run, writeTx } from '../../src/db/neo4j';
import { DetectionRuleRecord } from '../../src/detections/rule';
import { ruleProperties } from '../../src/detections/store';

const F = 'detections/import';
const BATCH = 2000;

export const newRuleSetId = () => `det-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Deletes retired sets' rules (what a switch leaves, or a killed clean-up left). */
export async function removeRetiredSets() {
  for (const row of await read(F, 'retiredSets')) {
    await autoCommit(F, 'deleteRules', { set: row.id });
    await autoCommit(F, 'deleteRuleSet', { set: row.id });
  }
}

/** Every rule set (tests, benchmarks). */
export async function removeRuleSets() {
  for (const row of await read(F, 'allRuleSets')) await autoCommit(F, 'deleteRules', { set: row.id });
  await autoCommit(F, 'forgetRuleSets');
}

/**
 * Writes the set and switches to it in one transaction (a few thousand small nodes): until it
 * commits, queries see the previous set; if it fails or the process dies, nothing changed.
 * The replaced set is deleted afterwards.
 */
export async function writeRuleSet(
  id: string,
  props: Record<string, unknown>,
  rules: DetectionRuleRecord[],
): Promise<{ writeMs: number; deleteMs: number }> {
  const started = Date.now();
  await writeTx(async (tx) => {
    const at = new Date().toISOString();
    await run(tx, F, 'retireCurrent', { at });
    await run(tx, F, 'createRuleSet', { props: { ...props, id, importedAt: at } });
    for (let i = 0; i < rules.length; i += BATCH) {
      const rows = rules.slice(i, i + BATCH).map((r) => ruleProperties(id, r));
      const [row] = await run(tx, F, 'createRules', { rows });
      if (Number(row?.rules ?? 0) !== rows.length)
        throw new Error(`detections write: a batch wrote ${String(row?.rules)} of ${rows.length} rules`);
    }
  });
  const written = Date.now();
  await removeRetiredSets();
  return { writeMs: written - started, deleteMs: Date.now() - written };
}
