import { z } from 'zod';
import { attackObject, withAttackId } from './common';

export const detectionStrategySchema = withAttackId(
  attackObject('x-mitre-detection-strategy').extend({ x_mitre_analytic_refs: z.array(z.string()).default([]) }),
);
export type DetectionStrategy = z.infer<typeof detectionStrategySchema>;
