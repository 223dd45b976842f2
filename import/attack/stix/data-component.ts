import { z } from 'zod';
import { attackObject } from './common';

/** A (name, channel) log source as ATT&CK v18 names it; "None" channels are kept verbatim. */
export const logSourceReference = z.object({ name: z.string().min(1), channel: z.string().optional() });

/** Data components carry a DC#### id only from v18 on; their STIX id is stable across releases. */
export const dataComponentSchema = attackObject('x-mitre-data-component').extend({
  x_mitre_data_source_ref: z.string().optional(),
  x_mitre_log_sources: z.array(logSourceReference).optional(),
});
export type DataComponent = z.infer<typeof dataComponentSchema>;
