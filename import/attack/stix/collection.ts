import { z } from 'zod';
import { stixId } from './common';

/** STIX 2.1 bundles from attack-stix-data say their release here; mitre/cti 2.0 bundles have none. */
export const collectionSchema = z.object({
  type: z.literal('x-mitre-collection'),
  id: stixId('x-mitre-collection'),
  name: z.string(),
  x_mitre_version: z.string(),
  spec_version: z.string().optional(),
});
export type Collection = z.infer<typeof collectionSchema>;
