import type { UserInput } from '../api-types.js';

/** What a field holds while the form is filled in. */
export type FieldValue = string | boolean;

/** The kind of control an input gets. */
export function controlOf(input: UserInput): string {
  if (input.type === 'boolean') return 'checkbox';
  if (input.type === 'number') return 'number';
  if (input.type === 'array') return input.items?.enum ? 'multi-select' : 'lines';
  if (input.type === 'object') return 'json';
  if (input.enum) return 'select';
  switch (input.format) {
    case 'date-time':
      return 'datetime-local';
    case 'date':
      return 'date';
    case 'email':
    case 'user':
      return 'email';
    case 'url':
      return 'url';
    case 'multi-line':
    case 'markdown':
    case 'yaml':
      return 'textarea';
    default:
      return 'text';
  }
}

/** The first value a field shows: its default when it is a plain value (not a jq query). */
export function initialValue(input: UserInput): FieldValue {
  const value = input.default;
  const plain =
    value !== undefined && !(value !== null && typeof value === 'object' && 'jqQuery' in value);
  const control = controlOf(input);
  if (control === 'checkbox') return plain ? value === true : false;
  if (!plain) return '';
  if (control === 'select') return JSON.stringify(value);
  if (control === 'multi-select') return JSON.stringify(Array.isArray(value) ? value : []);
  if (control === 'lines') return Array.isArray(value) ? value.map(String).join('\n') : '';
  if (control === 'json') return JSON.stringify(value, null, 2);
  if (control === 'datetime-local' && typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 16);
    }
  }
  return String(value);
}

/**
 * One generated form field: a label naming it (and whether it is required), the control for
 * its type, its description, and the server's reason when it refused the value.
 */
export function InputField({
  name,
  input,
  value,
  required,
  error,
  onChange,
}: {
  name: string;
  input: UserInput;
  value: FieldValue;
  required: boolean;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const id = `input-${name}`;
  const control = controlOf(input);
  const help: string[] = [];
  if (input.description) help.push(input.description);
  if (control === 'lines') help.push('One value per line.');
  if (control === 'json') help.push('A JSON object.');
  if (
    input.default !== null &&
    typeof input.default === 'object' &&
    input.default !== undefined &&
    'jqQuery' in input.default
  )
    help.push('Left empty, the server computes the default.');
  if (input.format === 'entity')
    help.push(`An entity identifier${input.blueprint ? ` of blueprint ${input.blueprint}` : ''}.`);
  const describedBy = [help.length > 0 ? `${id}-help` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-required': required ? ('true' as const) : undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
  };
  const text = (event: Event): void => onChange((event.currentTarget as HTMLInputElement).value);
  const label = (
    <>
      {input.title ?? name}
      {required ? <span class="required"> (required)</span> : null}
    </>
  );
  let field;
  if (control === 'checkbox') {
    field = (
      <label class="checkbox" for={id}>
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {label}
      </label>
    );
  } else {
    let inputControl;
    if (control === 'select') {
      inputControl = (
        <select {...common} value={String(value)} onChange={text}>
          <option value="">{required ? 'Choose…' : '(none)'}</option>
          {(input.enum ?? []).map((option) => (
            <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
    } else if (control === 'multi-select') {
      const chosen = value === '' ? [] : (JSON.parse(String(value)) as unknown[]);
      inputControl = (
        <select
          {...common}
          multiple
          onChange={(e) =>
            onChange(
              JSON.stringify(
                [...(e.currentTarget as HTMLSelectElement).selectedOptions].map(
                  (o) => JSON.parse(o.value) as unknown,
                ),
              ),
            )
          }
        >
          {(input.items?.enum ?? []).map((option) => (
            <option
              key={JSON.stringify(option)}
              value={JSON.stringify(option)}
              selected={chosen.some((c) => JSON.stringify(c) === JSON.stringify(option))}
            >
              {String(option)}
            </option>
          ))}
        </select>
      );
    } else if (control === 'lines' || control === 'json' || control === 'textarea') {
      inputControl = (
        <textarea
          {...common}
          rows={control === 'json' ? 5 : 3}
          value={String(value)}
          onInput={text}
        />
      );
    } else {
      inputControl = (
        <input
          {...common}
          type={control as 'text'}
          step={control === 'number' ? 'any' : undefined}
          min={input.minimum}
          max={input.maximum}
          value={String(value)}
          onInput={text}
        />
      );
    }
    field = (
      <>
        <label for={id}>{label}</label>
        {inputControl}
      </>
    );
  }
  return (
    <div class={`field${error ? ' field-invalid' : ''}`} data-field={name}>
      {field}
      {help.length > 0 ? (
        <p id={`${id}-help`} class="help">
          {help.join(' ')}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form's value for an input as the API takes it; `undefined` leaves it out (the server
 * applies the default or says it is required); `{ error }` when the text cannot be read.
 */
export function toInputValue(
  input: UserInput,
  value: FieldValue,
): { value?: unknown; error?: string } {
  const control = controlOf(input);
  if (control === 'checkbox') return { value: value === true };
  const text = String(value);
  if (text.trim() === '') return {};
  switch (control) {
    case 'number': {
      const number = Number(text);
      return Number.isNaN(number) ? { value: text } : { value: number };
    }
    case 'select':
    case 'multi-select':
      return { value: JSON.parse(text) as unknown };
    case 'lines': {
      const items = text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      const numbers = input.items?.type === 'number';
      return {
        value: numbers
          ? items.map((item) => (Number.isNaN(Number(item)) ? item : Number(item)))
          : items,
      };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (error) {
        return { error: `must be JSON: ${(error as Error).message}` };
      }
    case 'datetime-local': {
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? { value: text } : { value: date.toISOString() };
    }
    default:
      return { value: text };
  }
}
