// Matching assets (src/inventory/filter.ts builds $f).

// fragment: assetSelector
// The asset selector on an asset `a`, in one place: every statement matching assets includes it
// (`// include: inventory/filter#assetSelector`), src/inventory/selector.ts is the same rule in
// TypeScript and its selectorParams builds $f (test/selector-cypher.test.ts proves they agree).
// Every key given must hold (AND); within a list any value matches, except tags (all of them);
// null = no condition. Platforms arrive lower-cased with their aliases.
($f.ids IS NULL OR a.id IN $f.ids)
AND ($f.platforms IS NULL OR any(x IN a.platforms WHERE toLower(x) IN $f.platforms))
AND ($f.businessUnits IS NULL OR a.businessUnit IN $f.businessUnits)
AND ($f.environments IS NULL OR a.environment IN $f.environments)
AND ($f.criticalities IS NULL OR a.criticality IN $f.criticalities)
AND ($f.tags IS NULL OR all(t IN $f.tags WHERE t IN a.tags))

// name: matchAssets
// Assets of the current snapshot by id: the total, one page, and (with $withKeys) every key.
// Beyond the selector: logSources/controls with their minimum rank.
MATCH (s:InventorySnapshot {status: 'current'})
MATCH (a:Asset {snapshot: s.id})
WHERE
  // include: assetSelector
  AND ($f.logSources IS NULL OR EXISTS {
    MATCH (a)-[c:COLLECTS]->(l:LogSource) WHERE l.id IN $f.logSources AND c.rank >= $f.logSourceRank
  })
  AND ($f.controls IS NULL OR EXISTS {
    MATCH (a)<-[d:DEPLOYED_ON]-(c:Control) WHERE c.id IN $f.controls AND d.rank >= $f.controlRank
  })
WITH a ORDER BY a.id
WITH collect(a) AS matched
RETURN size(matched) AS total,
       [a IN matched[toInteger($skip)..toInteger($skip + $limit)] | a {.*}] AS page,
       CASE WHEN $withKeys THEN [a IN matched | a.key] ELSE [] END AS keys;
