import { newLocalPassword } from '../../src/db/local-server';

describe('the local server password', () => {
  test('never reads as an option to neo4j-admin, and is long and fresh each time', () => {
    const passwords = Array.from({ length: 2000 }, newLocalPassword);
    for (const password of passwords) expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
