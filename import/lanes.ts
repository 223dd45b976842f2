/**
 * Runs `count` copies of `lane` side by side, so one builds its next batch while the others' are
 * written. Once one fails, `stopped()` tells the others to take no more work; the first failure is
 * thrown after every lane has stopped (nothing is still writing when the caller cleans up).
 */
export async function inLanes(count: number, lane: (stopped: () => boolean) => Promise<void>): Promise<void> {
  let failed = false;
  const stopped = () => failed;
  const lanes = await Promise.allSettled(
    Array.from({ length: count }, () =>
      lane(stopped).catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const rejected = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (rejected) throw rejected.reason;
}
