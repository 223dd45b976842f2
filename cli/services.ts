import { AttackSync } from '../src/attack/sync/attack-sync';
import { Caches } from '../src/cache/caches';
import { Services } from '../src/server/services';
import { attackImporter } from '../import/attack/import-attack';
import { telemetryImporter } from '../import/telemetry/import-telemetry';

/** The composition root: the core's services, given the importers they drive. */
export const createServices = (): Services => ({
  sync: new AttackSync(attackImporter),
  caches: new Caches(),
  telemetry: telemetryImporter,
});
