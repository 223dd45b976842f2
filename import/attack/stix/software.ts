import { z } from 'zod';
import { attackObject, platforms, withAttackId } from './common';

/** STIX 2.1 drops `labels` on malware/tool and adds `is_family`; both are optional here. */
const software = <T extends 'malware' | 'tool'>(type: T) =>
  withAttackId(
    attackObject(type).extend({
      x_mitre_platforms: platforms,
      x_mitre_aliases: z.array(z.string()).optional(),
      labels: z.array(z.string()).optional(),
      is_family: z.boolean().optional(),
    }),
  );
export const malwareSchema = software('malware');
export const toolSchema = software('tool');
export type Software = z.infer<typeof malwareSchema> | z.infer<typeof toolSchema>;
