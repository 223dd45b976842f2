import { z } from 'zod';
import { attackObject, platforms, withAttackId } from './common';

export const dataSourceSchema = withAttackId(
  attackObject('x-mitre-data-source').extend({
    x_mitre_platforms: platforms,
    x_mitre_collection_layers: z.array(z.string()).optional(),
  }),
);
export type DataSource = z.infer<typeof dataSourceSchema>;
