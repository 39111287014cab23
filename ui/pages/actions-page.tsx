import type { SelfServiceAction } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { usePageTitle } from '../parts/page-title.js';
import { useApi } from '../use-api.js';

/** The loaded self-service actions; each opens its form. */
export function ActionsPage() {
  usePageTitle('Actions');
  const list = useApi<{ actions: SelfServiceAction[] }>('/v1/actions');
  return (
    <>
      <h1>Actions</h1>
      <p class="muted">Self-service actions: fill in the inputs and run one.</p>
      {list.error ? <ErrorNotice error={list.error} what="the actions" /> : null}
      {list.data && list.data.actions.length === 0 ? (
        <p class="empty">No self-service actions are loaded.</p>
      ) : null}
      {list.data && list.data.actions.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Self-service actions</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Operation</th>
                <th scope="col">Blueprint</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {list.data.actions.map((action) => (
                <tr key={action.identifier}>
                  <th scope="row">
                    <a href={`/actions/${encodeURIComponent(action.identifier)}`}>
                      {action.title ?? action.identifier}
                    </a>
                    <div class="muted mono">{action.identifier}</div>
                    {action.description ? <div>{action.description}</div> : null}
                  </th>
                  <td>{action.operation}</td>
                  <td>{action.blueprintIdentifier ?? '—'}</td>
                  <td class="mono">{action.source ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
