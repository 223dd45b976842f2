import { coverageExportRoute } from '../../coverage/export';
import { detectionExportRoute } from '../../detections/exports';
import { telemetryDriftRoute, telemetryImportRoute } from '../../telemetry/routes';
import { RouteSet } from '../route';
import { Services } from '../services';
import { healthRoute, readinessRoute } from './health';
import { matrixRoute } from './matrix';
import { playgroundRoute } from './playground';

/** Every route attack-kg serves beside /graphql. */
export const standardRoutes = (services: Services): RouteSet => ({
  public: [healthRoute, readinessRoute, playgroundRoute, matrixRoute],
  // Coverage and detection coverage as CSV, JSON and a Navigator layer file (either score), behind the API key like GraphQL; telemetry
  // posted by a SIEM job (admins; streamed, so /graphql's body limit does not apply) and its drift as CSV.
  protected: [
    coverageExportRoute(services.caches),
    detectionExportRoute(services.caches),
    telemetryImportRoute(services.telemetry),
    telemetryDriftRoute(services.caches),
  ],
});
