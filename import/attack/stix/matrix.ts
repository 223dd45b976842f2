import { z } from 'zod';
import { attackObject } from './common';

/** Only its tactic order is used: tactics are listed in matrix order. */
export const matrixSchema = attackObject('x-mitre-matrix').extend({ tactic_refs: z.array(z.string()).default([]) });
export type Matrix = z.infer<typeof matrixSchema>;
