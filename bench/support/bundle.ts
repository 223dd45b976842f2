import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { config, projectRoot } from '../../src/config';

/** The ATT&CK bundle a benchmark loads: ATTACK_BUNDLE, else enterprise 18.1 from ../shared. */
export function benchBundle(): string {
  const bundle = resolve(config.attack.bundle() ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; set ATTACK_BUNDLE to an ATT&CK bundle`);
  return bundle;
}
