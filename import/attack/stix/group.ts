import { z } from 'zod';
import { attackObject, withAttackId } from './common';

export const groupSchema = withAttackId(attackObject('intrusion-set').extend({ aliases: z.array(z.string()).optional() }));
export type Group = z.infer<typeof groupSchema>;
