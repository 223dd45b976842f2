import { z } from 'zod';
import { DeploymentEntry, SIGMA_STATUSES } from '../../src/detections/rule';
import { Problems } from '../../src/inventory/problems';
import { assetsRef, check } from '../../src/inventory/schema';
import { readDocument } from '../inventory/document';
import { SIGMA_LEVELS } from './csv';

/**
 * A detections document (DETECTIONS.md, "Where a rule is deployed"): `version: 1` and
 * `deployments`, each naming rules (ids, paths, status, levels, tags) and assets (INVENTORY.md's
 * selectors, a list of ids or "*"), enabled or not. Validated like an inventory document: every
 * problem with its file and line.
 */
const name = z.string().trim().min(1, 'must not be empty');
const names = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(name));
const ruleSelector = z
  .object({
    ids: names.optional(),
    paths: names.optional(),
    status: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(SIGMA_STATUSES))).optional(),
    levels: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(SIGMA_LEVELS))).optional(),
    tags: names.optional(),
  })
  .strict();
const entrySchema = z.object({ rules: ruleSelector.default({}), assets: assetsRef, enabled: z.boolean().default(true) }).strict();
const documentSchema = z.object({ version: z.literal(1), deployments: z.array(entrySchema) }).strict();

/** Whether a YAML file is a detections document rather than Sigma rules: it says `deployments:` at the top and has no logsource. */
export const isDetectionsDocument = (text: string) => /^deployments\s*:/m.test(text) && !/^logsource\s*:/m.test(text);

export async function readDetectionsDocument(file: string, problems: Problems): Promise<DeploymentEntry[] | undefined> {
  const doc = await readDocument(file, problems);
  if (!doc) return undefined;
  const parsed = check<z.infer<typeof documentSchema>>(documentSchema, doc.data, [], doc.locate, problems);
  return parsed?.deployments.map((d) => ({ rules: d.rules, assets: d.assets, enabled: d.enabled }));
}
