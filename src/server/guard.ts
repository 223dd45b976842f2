import { ForbiddenError } from '../errors';
import { Context } from './context';

/**
 * Role checks inside resolvers, beside the server's admin-only-mutations plugin: a resolver that
 * changes data says so itself, so it stays guarded wherever it is mounted (tests, other servers).
 */
export function requireAdmin(ctx: Context): void {
  if (ctx.role !== 'admin') throw new ForbiddenError('this needs an admin API key');
}

/** Wraps a resolver: admins only. */
export const adminOnly =
  <P, A, R>(resolver: (parent: P, args: A, ctx: Context) => R) =>
  (parent: P, args: A, ctx: Context): R => {
    requireAdmin(ctx);
    return resolver(parent, args, ctx);
  };
