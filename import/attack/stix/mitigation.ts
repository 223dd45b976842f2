import { z } from 'zod';
import { attackObject, withAttackId } from './common';

/** Deprecated v6 mitigations reuse T#### ids, so ATT&CK ids are only unique per (type, id). */
export const mitigationSchema = withAttackId(attackObject('course-of-action'));
export type Mitigation = z.infer<typeof mitigationSchema>;
