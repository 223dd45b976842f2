/**
 * The one error module. What kind of failure an error is decides, here and nowhere else, the
 * CLI's exit code (1 bad input, 2 environment) and the GraphQL error code and HTTP status.
 */

export interface ErrorKind {
  exitCode: number;
  /** GraphQL `extensions.code`. */
  code: string;
  http: number;
}

export abstract class KindedError extends Error {
  abstract readonly kind: ErrorKind;
}

const kinds = {
  input: { exitCode: 1, code: 'BAD_USER_INPUT', http: 400 },
  notFound: { exitCode: 1, code: 'NOT_FOUND', http: 404 },
  forbidden: { exitCode: 1, code: 'FORBIDDEN', http: 403 },
  conflict: { exitCode: 2, code: 'CONFLICT', http: 409 },
  environment: { exitCode: 2, code: 'INTERNAL_SERVER_ERROR', http: 500 },
  unavailable: { exitCode: 2, code: 'SERVICE_UNAVAILABLE', http: 503 },
} satisfies Record<string, ErrorKind>;

/** Bad input: a file, an argument or a query says something wrong. Every problem is listed. */
export class InputError extends KindedError {
  readonly kind: ErrorKind = kinds.input;
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'InputError';
  }
}

/** Something named does not exist (an asset, a technique, a key). */
export class NotFoundError extends InputError {
  override readonly kind: ErrorKind = kinds.notFound;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The caller's role may not do this (a reader asking for a mutation). */
export class ForbiddenError extends KindedError {
  readonly kind: ErrorKind = kinds.forbidden;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The environment failed: a download, a local server, a tool. Not the caller's fault. */
export class EnvironmentError extends KindedError {
  readonly kind: ErrorKind = kinds.environment;
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** Neo4j does not answer: requests get a 503 with SERVICE_UNAVAILABLE and may be retried. */
export class UnavailableError extends EnvironmentError {
  override readonly kind: ErrorKind = kinds.unavailable;
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

/** Another run holds what this one needs (a sync already running). */
export class ConflictError extends KindedError {
  readonly kind: ErrorKind = kinds.conflict;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A bundle or index could not be fetched: an environment problem (exit 2), not bad input. */
export class DownloadError extends EnvironmentError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(
      `could not download ${url}: ${reason}.\nOffline? Point at a local bundle instead: ATTACK_BUNDLE=path/to/enterprise-attack-18.1.json[.gz] or \`attack-kg import attack <file>\`.`,
    );
    this.name = 'DownloadError';
  }
}

/** The kind's GraphQL code and HTTP status, for errors raised before resolvers run (plugins, guards). */
export const graphqlExtensions = (error: KindedError) => ({ code: error.kind.code, http: { status: error.kind.http } });

/** The kind of a known error; undefined for anything unexpected (a bug: exit 2, masked over GraphQL). */
export const kindOf = (error: unknown): ErrorKind | undefined => (error instanceof KindedError ? error.kind : undefined);

export const exitCodeOf = (error: unknown): number => kindOf(error)?.exitCode ?? 2;
