import { z } from 'zod';
import { attackObject, platforms, withAttackId } from './common';

export const analyticSchema = withAttackId(
  attackObject('x-mitre-analytic').extend({
    x_mitre_platforms: platforms,
    x_mitre_log_source_references: z
      .array(z.object({ x_mitre_data_component_ref: z.string(), name: z.string().min(1), channel: z.string().optional() }))
      .default([]),
  }),
);
export type Analytic = z.infer<typeof analyticSchema>;
