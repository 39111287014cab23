import { useMemo, useState } from 'preact/hooks';
import { api, ApiFailure } from '../api.js';
import type { Run, SelfServiceAction } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { initialValue, InputField, toInputValue, type FieldValue } from '../parts/input-field.js';
import { usePageTitle } from '../parts/page-title.js';
import { useApi } from '../use-api.js';

const ENTITY_FIELD = '__entity';

/** The input a refusal's `path` names (`properties.version`, `properties["a-b"][0]`), if any. */
function fieldOf(path: string): string | undefined {
  const match = /^properties(?:\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\])/.exec(path);
  if (match === null) return undefined;
  return match[1] ?? (JSON.parse(match[2]!) as string);
}

/** A self-service action's form, generated from its `userInputs`; runs it on submit. */
export function ActionPage({ id }: { id: string }) {
  usePageTitle(`Action ${id}`);
  const list = useApi<{ actions: SelfServiceAction[] }>('/v1/actions');
  const action = list.data?.actions.find((candidate) => candidate.identifier === id);
  return (
    <>
      <p class="breadcrumb">
        <a href="/actions">Actions</a> / <span class="mono">{id}</span>
      </p>
      <h1>{action?.title ?? id}</h1>
      {list.error ? <ErrorNotice error={list.error} what="the action" /> : null}
      {list.data && action === undefined ? (
        <p class="notice notice-error" role="alert">
          There is no self-service action {id} in the loaded definitions.
        </p>
      ) : null}
      {action ? <ActionForm key={action.identifier} action={action} /> : null}
    </>
  );
}

function ActionForm({ action }: { action: SelfServiceAction }) {
  const properties = action.userInputs?.properties ?? {};
  const names = useMemo(() => {
    const keys = Object.keys(properties);
    const order = action.userInputs?.order ?? [];
    return [
      ...order.filter((name) => keys.includes(name)),
      ...keys.filter((name) => !order.includes(name)),
    ];
  }, [action]);
  const required = Array.isArray(action.userInputs?.required) ? action.userInputs.required : [];
  const needsEntity = Boolean(action.blueprintIdentifier) && action.operation !== 'CREATE';
  const [values, setValues] = useState<Record<string, FieldValue>>(() =>
    Object.fromEntries(names.map((name) => [name, initialValue(properties[name]!)])),
  );
  const [entity, setEntity] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [topError, setTopError] = useState<string | undefined>();
  const [started, setStarted] = useState<Run | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setStarted(undefined);
    setTopError(undefined);
    const local: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    for (const name of names) {
      const converted = toInputValue(properties[name]!, values[name] ?? '');
      if (converted.error) local[name] = converted.error;
      else if ('value' in converted) body[name] = converted.value;
    }
    if (Object.keys(local).length > 0) {
      setFieldErrors(local);
      setTopError('Some inputs could not be read: see the fields marked below.');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<{ run: Run }>(
        `/v1/actions/${encodeURIComponent(action.identifier)}/runs`,
        {
          method: 'POST',
          body: { properties: body, ...(entity.trim() === '' ? {} : { entity: entity.trim() }) },
        },
      );
      setFieldErrors({});
      setStarted(answer.run);
    } catch (error) {
      const failure =
        error instanceof ApiFailure ? error : new ApiFailure(0, 'error', String(error));
      const inline: Record<string, string> = {};
      const rest: string[] = [];
      for (const detail of failure.details) {
        const name = fieldOf(detail.path);
        if (name !== undefined && names.includes(name)) {
          inline[name] = inline[name]
            ? `${inline[name]}; ${detail.message}`
            : `${detail.path} ${detail.message}`;
        } else rest.push(`${detail.path} ${detail.message}`);
      }
      if (/\bentity\b/.test(failure.message) && failure.details.length === 0 && needsEntity) {
        inline[ENTITY_FIELD] = failure.message;
      }
      setFieldErrors(inline);
      setTopError(
        failure.details.length > 0
          ? `Not run: ${failure.details.length === 1 ? 'an input is' : 'some inputs are'} not valid.${rest.length > 0 ? ` ${rest.join('; ')}` : ''}`
          : `Not run: ${failure.message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {action.description ? <p>{action.description}</p> : null}
      <p class="muted">
        {action.operation}
        {action.blueprintIdentifier ? ` on ${action.blueprintIdentifier}` : ''}
        {action.source ? ` · ${action.source}` : ''}
      </p>
      <div role="alert">
        {topError ? (
          <p class="notice notice-error" id="form-error">
            {topError}
          </p>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        {started ? (
          <p class="notice notice-ok">
            Run started:{' '}
            <a class="mono" href={`/runs/${encodeURIComponent(started.id)}`}>
              {started.id}
            </a>
          </p>
        ) : null}
      </div>
      <form
        class="action-form"
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-describedby={topError ? 'form-error' : undefined}
      >
        {needsEntity ? (
          <div
            class={`field${fieldErrors[ENTITY_FIELD] ? ' field-invalid' : ''}`}
            data-field="entity"
          >
            <label for="input-entity">Entity identifier ({action.blueprintIdentifier})</label>
            <input
              id="input-entity"
              name="entity"
              aria-invalid={fieldErrors[ENTITY_FIELD] ? 'true' : undefined}
              aria-describedby={fieldErrors[ENTITY_FIELD] ? 'input-entity-error' : undefined}
              value={entity}
              onInput={(e) => setEntity((e.currentTarget as HTMLInputElement).value)}
            />
            {fieldErrors[ENTITY_FIELD] ? (
              <p id="input-entity-error" class="field-error">
                {fieldErrors[ENTITY_FIELD]}
              </p>
            ) : null}
          </div>
        ) : null}
        {names.length === 0 ? <p class="muted">This action takes no inputs.</p> : null}
        {names.map((name) => (
          <InputField
            key={name}
            name={name}
            input={properties[name]!}
            value={values[name] ?? ''}
            required={required.includes(name)}
            error={fieldErrors[name]}
            onChange={(value) => setValues((now) => ({ ...now, [name]: value }))}
          />
        ))}
        <div class="form-actions">
          <button type="submit" disabled={busy}>
            Run
          </button>
        </div>
      </form>
    </>
  );
}
