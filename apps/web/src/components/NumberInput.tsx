import { type ChangeEvent, useEffect, useState } from 'react';

interface NumberInputProps {
  fieldKey: string;
  value: number | undefined;
  /** Receives undefined when the input is emptied, so the default applies. */
  onChange(value: number | undefined): void;
  /** Receives a message while the text is not a number, and undefined once it is again. */
  onBadInput(message: string | undefined): void;
  integer?: boolean;
  min?: number;
  max?: number;
  placeholder?: string;
  unit?: string | undefined;
  disabled?: boolean;
  /** Test id of the input; `field-<fieldKey>` when not given. */
  testId?: string;
}

function format(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/**
 * Edits a number. The text being typed ("1." or "-") is kept as it is, and every complete number is
 * passed on at once, in range or not, so that range errors show while the user types.
 */
export function NumberInput({
  fieldKey,
  value,
  onChange,
  onBadInput,
  integer,
  min,
  max,
  placeholder,
  unit,
  disabled,
  testId,
}: NumberInputProps) {
  const [text, setText] = useState(format(value));

  // Follow changes made elsewhere (undo, import) unless the text already stands for the same number.
  useEffect(() => {
    setText((current) => (current !== '' && Number(current) === value ? current : format(value)));
  }, [value]);

  function handleChange(event: ChangeEvent<HTMLInputElement>): void {
    const next = event.target.value;
    setText(next);
    if (event.target.validity.badInput) {
      onBadInput('expected a number');
      return;
    }
    onBadInput(undefined);
    onChange(next === '' ? undefined : Number(next));
  }

  return (
    <div className="cs-input-with-unit">
      <input
        id={`field-input-${fieldKey}`}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        step={integer ? 1 : 'any'}
        min={min}
        max={max}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        onChange={handleChange}
        data-testid={testId ?? `field-${fieldKey}`}
      />
      {unit && <span className="cs-unit">{unit}</span>}
    </div>
  );
}
