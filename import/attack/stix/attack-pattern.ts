import { z } from 'zod';
import { attackObject, platforms, withAttackId } from './common';

/** A technique or sub-technique. */
export const attackPatternSchema = withAttackId(
  attackObject('attack-pattern').extend({
    kill_chain_phases: z.array(z.object({ kill_chain_name: z.string(), phase_name: z.string() })).optional(),
    x_mitre_platforms: platforms,
    x_mitre_is_subtechnique: z.boolean().optional(),
    /** Pre-v10 data source strings ("Process monitoring"); "Process: Process Creation" from v10 on. */
    x_mitre_data_sources: z.array(z.string()).optional(),
    x_mitre_detection: z.string().optional(),
  }),
);
export type AttackPattern = z.infer<typeof attackPatternSchema>;
