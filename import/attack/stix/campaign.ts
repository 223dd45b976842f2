import { z } from 'zod';
import { attackObject, withAttackId } from './common';

export const campaignSchema = withAttackId(
  attackObject('campaign').extend({
    aliases: z.array(z.string()).optional(),
    first_seen: z.string().optional(),
    last_seen: z.string().optional(),
  }),
);
export type Campaign = z.infer<typeof campaignSchema>;
