import type { ReactNode } from 'react';

interface FieldRowProps {
  fieldKey: string;
  label: string;
  /** Description of the field, shown as a tooltip on the label. */
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
}

/** Lays out one labelled inspector field with its error message under it. */
export function FieldRow({ fieldKey, label, hint, error, children }: FieldRowProps) {
  const inputId = `field-input-${fieldKey}`;
  return (
    <div className={`cs-field${error ? ' cs-field-invalid' : ''}`}>
      <label htmlFor={inputId} title={hint}>
        {label}
      </label>
      {children}
      {error && (
        <div className="cs-field-error" role="alert" data-testid={`field-${fieldKey}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
