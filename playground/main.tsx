import { GraphiQL, GraphiQLProps } from 'graphiql';
import { Kind, parse } from 'graphql';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { examples } from './examples';

/** GraphiQL served by attack-kg itself: everything is bundled, nothing is fetched from elsewhere. */
const endpoint = new URL('graphql', window.location.href).toString();

/**
 * Right after a tab switch GraphiQL can still send the previous tab's operation name; a name the
 * document does not define is dropped, so a single-operation document runs as written.
 */
function operationNameOf(query: string, name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  try {
    const names = parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
    return names.includes(name) ? name : undefined;
  } catch {
    return name;
  }
}

const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...options?.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, operationName: operationNameOf(params.query, params.operationName) }),
  });
  return response.json();
};

/**
 * `/?query=...&variables=...` (the matrix's "open in the playground" link) opens that question in a
 * tab of its own; the API key the matrix page holds for this tab goes into its headers.
 */
const linked = new URLSearchParams(window.location.search);
const linkedQuery = linked.get('query') ?? undefined;
const tabKey = sessionStorage.getItem('attack-kg.apiKey');

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={examples}
    query={linkedQuery}
    variables={linkedQuery ? (linked.get('variables') ?? undefined) : undefined}
    headers={tabKey ? JSON.stringify({ Authorization: `Bearer ${tabKey}` }, null, 2) : undefined}
    // API keys stay in this tab's memory, never in the browser's storage.
    shouldPersistHeaders={false}
    showPersistHeadersSettings={false}
  >
    <GraphiQL.Logo>attack-kg</GraphiQL.Logo>
  </GraphiQL>,
);
