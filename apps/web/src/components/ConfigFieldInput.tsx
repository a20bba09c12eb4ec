import type { ConfigField } from '@circuit-studio/model';
import { type ReactNode, useState } from 'react';
import { FieldRow } from './FieldRow.js';
import { NumberInput } from './NumberInput.js';

interface ConfigFieldInputProps {
  fieldKey: string;
  field: ConfigField;
  /** The node's own value; undefined when the node leaves it to the default. */
  value: unknown;
  error?: string | undefined;
  /** Receives undefined to remove the key, so the default applies. */
  onChange(value: unknown): void;
}

function placeholderOf(field: ConfigField): string {
  if (field.default !== undefined) return `default ${String(field.default)}`;
  return field.optional ? 'not set' : 'required';
}

/** Edits one config field of a node as its catalog entry describes it: number with unit, checkbox, select or text. */
export function ConfigFieldInput({ fieldKey, field, value, error, onChange }: ConfigFieldInputProps) {
  const [badInput, setBadInput] = useState<string>();
  const inputId = `field-input-${fieldKey}`;
  const testId = `field-${fieldKey}`;

  let input: ReactNode;
  switch (field.kind) {
    case 'number':
      input = (
        <NumberInput
          fieldKey={fieldKey}
          value={typeof value === 'number' ? value : undefined}
          onChange={onChange}
          onBadInput={setBadInput}
          integer={field.integer === true}
          min={field.min}
          max={field.max}
          placeholder={placeholderOf(field)}
          unit={field.unit}
        />
      );
      break;
    case 'boolean': {
      const checked = typeof value === 'boolean' ? value : field.default === true;
      input = (
        <input
          id={inputId}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          data-testid={testId}
        />
      );
      break;
    }
    case 'enum': {
      const current = typeof value === 'string' ? value : (field.default ?? '');
      const unknown = current !== '' && !field.values.includes(current);
      input = (
        <select id={inputId} value={current} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
          {unknown && <option value={current}>{current} (invalid)</option>}
          {field.values.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'string':
      input = (
        <input
          id={inputId}
          type="text"
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholderOf(field)}
          maxLength={field.maxLength}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
          data-testid={testId}
        />
      );
      break;
    default: {
      const unhandled: never = field;
      input = <span>unsupported field {JSON.stringify(unhandled)}</span>;
    }
  }

  return (
    <FieldRow fieldKey={fieldKey} label={field.label} hint={field.description} error={badInput ?? error}>
      {input}
    </FieldRow>
  );
}
