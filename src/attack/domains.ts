import { InputError } from '../errors';

/** The ATT&CK domains, each imported as releases of its own. */
export const DOMAINS = ['enterprise-attack', 'mobile-attack', 'ics-attack'] as const;
export type Domain = (typeof DOMAINS)[number];

/** What queries use when no domain is named. */
export const DEFAULT_DOMAIN: Domain = 'enterprise-attack';

export const isDomain = (value: string): value is Domain => (DOMAINS as readonly string[]).includes(value);

/** The names as domains; any unknown one is bad input, named with `what` (`--domain`, `domains`). */
export function checkDomains(names: readonly string[], what: string): Domain[] {
  const unknown = names.filter((d) => !isDomain(d));
  if (unknown.length) throw new InputError(`${what} ${unknown.join(', ')}: unknown domain; expected one of ${DOMAINS.join(', ')}`);
  return names as Domain[];
}
