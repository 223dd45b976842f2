import { z } from 'zod';
import { attackObject, withAttackId } from './common';

export const tacticSchema = withAttackId(attackObject('x-mitre-tactic').extend({ x_mitre_shortname: z.string().min(1) }));
export type Tactic = z.infer<typeof tacticSchema>;
