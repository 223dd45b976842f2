// ATT&CK sync bookkeeping: one AttackSync node holds who is syncing now (one run at a time,
// across processes) and the last run's result, which GraphQL `syncStatus` shows.

// name: claim
// Setting lastAttemptAt first takes the node's write lock, so the holder read after it is current.
MERGE (s:AttackSync {key: 'attack'})
SET s.lastAttemptAt = $now
WITH s
WHERE s.runner IS NULL OR s.runner = $stale
SET s.runner = $runner, s.runningSince = $now
RETURN s.runner AS runner;

// name: holder
MATCH (s:AttackSync {key: 'attack'})
RETURN s.runner AS runner, s.runningSince AS runningSince;

// name: finish
MATCH (s:AttackSync {key: 'attack'})
WHERE s.runner = $runner
SET s.runner = null, s.runningSince = null, s.lastRun = coalesce($lastRun, s.lastRun);

// name: status
OPTIONAL MATCH (s:AttackSync {key: 'attack'})
RETURN s.runner AS runner, s.runningSince AS runningSince, s.lastRun AS lastRun;
