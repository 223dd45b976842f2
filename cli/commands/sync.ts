import { config } from '../../src/config';
import { InputError } from '../../src/errors';
import { checkDomains } from '../../src/attack/domains';
import { SyncFailedError } from '../../src/attack/sync/sync-attack';
import { createServices } from '../services';
import { Command, parse } from '../command';
import { withDatabase } from '../database';
import { withProgress } from '../progress';

const usage = `Usage: attack-kg sync [--domain enterprise-attack|mobile-attack|ics-attack]...

Reads the index of MITRE's attack-stix-data (ATTACK_STIX_DATA_URL for a mirror) and, for each
domain (default: every domain imported, else enterprise-attack) whose newest listed release is
newer than the newest imported, downloads it, checks it is the release the index lists, and
imports it. The previous release stays queryable until the new one is complete. Then keeps the
newest ATTACK_KEEP_RELEASES releases per domain (default 3) and deletes older ones.
Offline or a bad download: the domain is left as it was and the exit code is non-zero
(2 for a download or database problem, 1 for a bad bundle).
The server runs the same sync on a schedule when ATTACK_SYNC_CRON is set (e.g. "0 3 * * *").`;

export const syncCommand: Command = {
  name: 'sync',
  summary: 'import the newest ATT&CK release(s) when MITRE has published one',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { domain: { type: 'string', multiple: true } }, usage);
    if (positionals.length) throw new InputError(`unexpected ${positionals.join(' ')}\n\n${usage}`);
    const domains = checkDomains(values.domain ?? [], '--domain');
    config.attack.keepReleases(); // a bad value fails before anything is downloaded
    await withDatabase(async () => {
      try {
        const sync = createServices().sync;
        const run = await withProgress((progress) => sync.run({ domains, trigger: 'cli', log: (line) => console.log(line), progress }));
        console.log(`Sync done: ${run.message}.`);
      } catch (error) {
        // The per-domain lines are printed; the exit code follows the first failure's kind.
        throw error instanceof SyncFailedError ? error.first : error;
      }
    });
  },
};
