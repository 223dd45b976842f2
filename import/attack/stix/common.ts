import { z } from 'zod';

/** Fields every ATT&CK domain object shares (STIX 2.0 and 2.1 alike). */
export const stixId = (type: string) => z.string().regex(new RegExp(`^${type}--[0-9a-f-]{36}$`), `must be a ${type}--<uuid> id`);

export const externalReference = z.object({
  source_name: z.string(),
  external_id: z.string().optional(),
  url: z.string().optional(),
});

export const attackObject = <T extends string>(type: T) =>
  z.object({
    type: z.literal(type),
    id: stixId(type),
    created: z.string().optional(),
    modified: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    revoked: z.boolean().optional(),
    x_mitre_deprecated: z.boolean().optional(),
    x_mitre_version: z.string().optional(),
    x_mitre_domains: z.array(z.string()).optional(),
    external_references: z.array(externalReference).optional(),
  });

export type AttackObject = z.infer<ReturnType<typeof attackObject>>;
type WithReferences = { external_references?: z.infer<typeof externalReference>[] };

/** The ATT&CK reference (source "mitre-attack", or "mitre-ics-attack"/"mitre-mobile-attack" in old bundles). */
export function attackReference(object: WithReferences) {
  const refs = (object.external_references ?? []).filter((r) => r.external_id !== undefined);
  return refs.find((r) => r.source_name === 'mitre-attack') ?? refs.find((r) => /^mitre-.*attack$/.test(r.source_name));
}

/** Objects whose ATT&CK id (T1059, TA0002, G0016...) must be present: without it nothing can refer to them. */
export const withAttackId = <S extends z.ZodTypeAny>(schema: S): z.ZodEffects<S, z.output<S>, z.input<S>> =>
  schema.superRefine((object: WithReferences, ctx) => {
    if (!attackReference(object)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['external_references'],
        message: 'has no ATT&CK id (no mitre-attack external_id)',
      });
    }
  });

export const platforms = z.array(z.string()).optional();
