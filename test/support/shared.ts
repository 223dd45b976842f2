import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from '../../src/config';

/** Real ATT&CK bundles and DeTT&CT files live beside the repo in ../shared, never in it. */
export const sharedDir = resolve(process.env.ATTACK_KG_SHARED ?? join(projectRoot, '..', 'shared'));
export const attackBundle = (name: string) => join(sharedDir, 'attack', `${name}.json.gz`);
export const dettectFile = (name: string) => join(sharedDir, 'dettect', name);

/** CI=true (or any value but "false"/"0", as CI services set it). */
export const isCi = (env: NodeJS.ProcessEnv) => env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';

/** Where to look and what to register with; tests of this module pass a fake folder, environment and jest. */
export interface SharedOptions {
  dir?: string;
  env?: NodeJS.ProcessEnv;
  jest?: { describe: jest.Describe; test: jest.It };
}

/**
 * What a suite or test needing ../shared does: run; skip, saying why; or, under CI, fail naming
 * the missing folder (a skipped suite in CI would pass while testing nothing).
 */
function sharedGate(name: string, options: SharedOptions) {
  const { dir = sharedDir, env = process.env, jest: api = { describe, test } } = options;
  if (existsSync(join(dir, 'attack'))) return { api, run: true as const };
  const why = `${dir} is absent (real ATT&CK data lives there, not in the repo)`;
  if (isCi(env)) {
    const fail = () => {
      throw new Error(
        `"${name}" needs ${dir}, which is absent: under CI a missing shared folder fails instead of skipping (set ATTACK_KG_SHARED to its path)`,
      );
    };
    return { api, run: false as const, fail };
  }
  return { api, run: false as const, skip: `skipping "${name}": ${why}` };
}

/** `describe` when ../shared is there; otherwise skipped, saying why, or failed under CI. */
export function describeWithShared(name: string, body: () => void, options: SharedOptions = {}) {
  const gate = sharedGate(name, options);
  if (gate.run) return gate.api.describe(name, body);
  if (gate.fail) return gate.api.describe(name, () => gate.api.test('has the shared data it needs', gate.fail));

  console.log(gate.skip);
  return gate.api.describe.skip(name, body);
}

/** `test` when ../shared is there; otherwise skipped, saying why, or failed under CI. */
export function testWithShared(name: string, fn: jest.ProvidesCallback, timeout?: number, options: SharedOptions = {}) {
  const gate = sharedGate(name, options);
  if (gate.run) return gate.api.test(name, fn, timeout);
  if (gate.fail) return gate.api.test(name, gate.fail);

  console.log(gate.skip);
  return gate.api.test.skip(name, fn, timeout);
}

export interface SharedBundle {
  type: string;
  id: string;
  spec_version?: string;
  objects: { type: string; [key: string]: unknown }[];
}
const bundles = new Map<string, SharedBundle>();

/** A real bundle in ../shared/attack ("enterprise-attack-18.1"), parsed once per test file. */
export function sharedBundle(name: string): SharedBundle {
  let bundle = bundles.get(name);
  if (!bundle) bundles.set(name, (bundle = JSON.parse(gunzipSync(readFileSync(attackBundle(name))).toString('utf8')) as SharedBundle));
  return bundle;
}
