import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithShared, isCi, SharedOptions, testWithShared } from '../support/shared';

/** Suites needing ../shared: run when it is there, skip without CI, fail under CI naming the folder. */

/** A fake jest that records what the helper registers instead of registering it. */
function fakeJest() {
  const calls: { kind: string; name: string; fn?: () => unknown }[] = [];
  const describe = Object.assign(
    (name: string, body: () => void) => {
      calls.push({ kind: 'describe', name });
      body();
    },
    {
      skip: (name: string) => {
        calls.push({ kind: 'describe.skip', name });
      },
    },
  );
  const test = Object.assign(
    (name: string, fn: () => unknown) => {
      calls.push({ kind: 'test', name, fn });
    },
    {
      skip: (name: string) => {
        calls.push({ kind: 'test.skip', name });
      },
    },
  );
  return { calls, jest: { describe, test } as unknown as SharedOptions['jest'] };
}

const root = mkdtempSync(join(tmpdir(), 'attack-kg-shared-'));
const absent = join(root, 'no-shared-here');
const present = join(root, 'shared');
mkdirSync(join(present, 'attack'), { recursive: true });

describe('describeWithShared', () => {
  let log: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => log.mockRestore());

  test('without CI, a missing folder skips the suite and says which folder', () => {
    const { calls, jest: api } = fakeJest();
    let ran = false;
    describeWithShared(
      'real data',
      () => {
        ran = true;
      },
      { dir: absent, env: {}, jest: api },
    );
    expect(calls).toEqual([{ kind: 'describe.skip', name: 'real data' }]);
    expect(ran).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`skipping "real data": ${absent} is absent`));
  });

  test('with CI=true, a missing folder registers a failing test naming it, and the body never runs', () => {
    const { calls, jest: api } = fakeJest();
    let ran = false;
    describeWithShared(
      'real data',
      () => {
        ran = true;
      },
      { dir: absent, env: { CI: 'true' }, jest: api },
    );
    expect(ran).toBe(false);
    expect(calls.map((c) => [c.kind, c.name])).toEqual([
      ['describe', 'real data'],
      ['test', 'has the shared data it needs'],
    ]);
    expect(() => calls[1].fn!()).toThrow(`"real data" needs ${absent}, which is absent`);
    expect(log).not.toHaveBeenCalled();
  });

  test('a present folder runs the suite, with or without CI', () => {
    for (const env of [{}, { CI: 'true' }]) {
      const { calls, jest: api } = fakeJest();
      let ran = false;
      describeWithShared(
        'real data',
        () => {
          ran = true;
        },
        { dir: present, env, jest: api },
      );
      expect(calls).toEqual([{ kind: 'describe', name: 'real data' }]);
      expect(ran).toBe(true);
    }
  });

  test('testWithShared: skipped without CI, failing under CI, run when present', async () => {
    const skip = fakeJest();
    testWithShared('one real case', () => undefined, undefined, { dir: absent, env: { CI: 'false' }, jest: skip.jest });
    expect(skip.calls.map((c) => c.kind)).toEqual(['test.skip']);

    const fail = fakeJest();
    testWithShared('one real case', () => undefined, undefined, { dir: absent, env: { CI: '1' }, jest: fail.jest });
    expect(fail.calls.map((c) => [c.kind, c.name])).toEqual([['test', 'one real case']]);
    expect(() => fail.calls[0].fn!()).toThrow(absent);

    const run = fakeJest();
    const body = () => undefined;
    testWithShared('one real case', body, undefined, { dir: present, env: { CI: 'true' }, jest: run.jest });
    expect(run.calls).toEqual([{ kind: 'test', name: 'one real case', fn: body }]);
  });

  test('CI counts as set for any value but empty, "false" and "0"', () => {
    expect([undefined, '', 'false', '0', 'true', '1', 'yes'].map((CI) => isCi(CI === undefined ? {} : { CI }))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});
