import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../src/db/config';

/** Real ATT&CK bundles and DeTT&CT files live beside the repo in ../shared, never in it. */
export const sharedDir = resolve(process.env.ATTACK_KG_SHARED ?? join(projectRoot, '..', 'shared'));
export const hasShared = existsSync(join(sharedDir, 'attack'));
export const attackBundle = (name: string) => join(sharedDir, 'attack', `${name}.json.gz`);
export const dettectFile = (name: string) => join(sharedDir, 'dettect', name);

/** `describe` when ../shared is there; otherwise skipped, saying why. */
export function describeWithShared(name: string, body: () => void) {
  if (hasShared) return describe(name, body);
  // eslint-disable-next-line no-console
  console.log(`skipping "${name}": ${sharedDir} is absent (real ATT&CK data lives there, not in the repo)`);
  return describe.skip(name, body);
}
