import { z } from 'zod';
import { stixId } from './common';

export const relationshipSchema = z.object({
  type: z.literal('relationship'),
  id: stixId('relationship'),
  relationship_type: z.string(),
  source_ref: z.string().min(1),
  target_ref: z.string().min(1),
  revoked: z.boolean().optional(),
  x_mitre_deprecated: z.boolean().optional(),
});
export type Relationship = z.infer<typeof relationshipSchema>;
