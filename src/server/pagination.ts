import { InputError } from '../errors';

/** Offset cursors over a deterministic order: opaque to clients, stable while the data is. */
export const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InputError(`invalid cursor "${cursor}"`);
  return Number(match[1]) + 1;
}

export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (size < 0 || size > max) throw new InputError(`first must be between 0 and ${max}`);
  return size;
}

export function connection<T>(nodes: T[], skip: number, totalCount: number) {
  const edges = nodes.map((node, i) => ({ node, cursor: encodeCursor(skip + i) }));
  return {
    totalCount,
    nodes,
    edges,
    pageInfo: {
      hasNextPage: skip + nodes.length < totalCount,
      hasPreviousPage: skip > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
