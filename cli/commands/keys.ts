import { createKey, listKeys, revokeKey, Role, ROLES } from '../../src/auth/keys';
import { InputError } from '../../src/errors';
import { KEY_TTL_MS } from '../../src/server/auth';
import { Command, parse } from '../command';
import { withDatabase } from '../database';

const usage = `Usage: attack-kg keys create --role reader|admin [--name TEXT]
       attack-kg keys list
       attack-kg keys revoke <id>

API keys for the GraphQL API and the exports, sent as "Authorization: Bearer <key>".
Readers query; admins also run mutations, imports and sync. Only a key's sha256 is stored:
the key is printed once, by create. While no key exists, the server listens on 127.0.0.1
only and every local caller is admin. A revoked key stops working within ${KEY_TTL_MS / 1000} s,
in running servers too (they cache a key's lookup that long).`;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list or revoke API keys',
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { role: { type: 'string' }, name: { type: 'string' } }, usage);
    const [action, id] = positionals;
    if (!['create', 'list', 'revoke'].includes(action)) throw new InputError(`unknown keys action "${action ?? ''}"\n\n${usage}`);
    if (action === 'create' && !ROLES.includes(values.role as Role))
      throw new InputError(`--role must be one of ${ROLES.join(', ')}\n\n${usage}`);
    if (action === 'revoke' && !id) throw new InputError(`keys revoke needs the key's id (see \`attack-kg keys list\`)`);
    await withDatabase(async () => {
      if (action === 'create') {
        const key = await createKey(values.role as Role, values.name ?? null);
        console.log(
          `Created ${key.role} key ${key.id}${key.name ? ` (${key.name})` : ''}. It is shown only now; store it safely:\n${key.key}`,
        );
      } else if (action === 'list') {
        const keys = await listKeys();
        if (!keys.length) console.log('No API keys: the server listens on 127.0.0.1 only and every local caller is admin.');
        for (const k of keys) console.log(`${k.id}  ${k.role.padEnd(6)}  ${k.createdAt}  ${k.name ?? ''}`.trimEnd());
      } else {
        if (!(await revokeKey(id))) throw new InputError(`no API key with id ${id}`);
        console.log(`Revoked key ${id}.`);
      }
    });
  },
};
