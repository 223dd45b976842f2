import { latestRelease, releaseUrl } from '../../src/attack/sync/attack-stix-data';
import { importAttack } from '../../import/attack/import-attack';
import { checkDomains, DEFAULT_DOMAIN, Domain } from '../../src/attack/domains';
import { InputError } from '../../src/errors';
import { Command, parse } from '../command';
import { withDatabase } from '../database';
import { withProgress } from '../progress';

const usage = `Usage: attack-kg import attack [<file|url>] [--release X.Y] [--domain enterprise-attack|mobile-attack|ics-attack]

Imports one ATT&CK STIX bundle (.json or .json.gz, STIX 2.0 or 2.1) as a release beside the others.
  <file|url>  the bundle; without it, the release is downloaded from MITRE's attack-stix-data
              (the newest one unless --release says which)
  --release   label the bundle with this ATT&CK version; needed only when neither the bundle
              (STIX 2.1 collections say it) nor the file name (enterprise-attack-18.1.json.gz) does
  --domain    default: what the bundle says, else enterprise-attack
Re-importing a release replaces it; a failed import leaves the graph as it was.`;

export async function resolveSource(source: string | undefined, domain: Domain, release: string | undefined): Promise<string> {
  if (source) return source;
  return release ? releaseUrl(domain, release) : (await latestRelease(domain)).url;
}

export const importAttackCommand: Command = {
  name: 'import attack',
  summary: 'import an ATT&CK release from a STIX bundle',
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { release: { type: 'string' }, domain: { type: 'string' } }, usage);
    if (positionals.length > 1) throw new InputError(`one bundle at a time\n\n${usage}`);
    const domain = values.domain === undefined ? undefined : checkDomains([values.domain], '--domain')[0];
    const source = await resolveSource(positionals[0], domain ?? DEFAULT_DOMAIN, values.release);
    await withDatabase(async () => {
      const started = Date.now();
      const release = await withProgress((progress) => importAttack(source, { release: values.release, domain, progress }));
      console.log(
        `Imported ${release.key} from ${source}: ${release.techniqueCount} active techniques, ${release.counts.Technique} technique objects, ${release.counts.USES} uses, ${release.counts.DETECTS} detects (${Date.now() - started} ms).`,
      );
    });
  },
};
