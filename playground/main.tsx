import { GraphiQL, GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { examples } from './examples';

/** GraphiQL served by attack-kg itself: everything is bundled, nothing is fetched from elsewhere. */
const endpoint = new URL('graphql', window.location.href).toString();

const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...(options?.headers as Record<string, string> | undefined), 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return response.json();
};

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={examples}
    // API keys stay in this tab's memory, never in the browser's storage.
    shouldPersistHeaders={false}
    showPersistHeadersSettings={false}
  >
    <GraphiQL.Logo>attack-kg</GraphiQL.Logo>
  </GraphiQL>,
);
