/** Describes one config key of a node type: its kind, default and accepted range. */
export type ConfigField = NumberField | BooleanField | StringField | EnumField;

interface FieldBase {
  label: string;
  description: string;
  /** An optional field has no default; leaving it out means "not set", which the analysis may flag. */
  optional?: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  default?: number;
  min: number;
  max: number;
  integer?: boolean;
  unit?: string;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  default?: boolean;
}

export interface StringField extends FieldBase {
  kind: 'string';
  default?: string;
  maxLength: number;
  /** Expression that a valid value matches. */
  pattern?: RegExp;
  patternHint?: string;
  /** Extra check of the value: `url` requires a WHATWG URL with a host. */
  format?: 'url';
}

export interface EnumField extends FieldBase {
  kind: 'enum';
  default?: string;
  values: readonly string[];
}

export type ConfigFields = Record<string, ConfigField>;

export function numberField(
  label: string,
  description: string,
  range: { min: number; max: number; default?: number; integer?: boolean; unit?: string; optional?: boolean },
): NumberField {
  return { kind: 'number', label, description, ...range };
}

export function booleanField(label: string, description: string, defaultValue: boolean): BooleanField {
  return { kind: 'boolean', label, description, default: defaultValue };
}

export function stringField(
  label: string,
  description: string,
  options: {
    default?: string;
    maxLength?: number;
    pattern?: RegExp;
    patternHint?: string;
    format?: 'url';
    optional?: boolean;
  },
): StringField {
  return { kind: 'string', label, description, maxLength: 1000, ...options };
}

export function enumField(
  label: string,
  description: string,
  values: readonly string[],
  defaultValue: string,
): EnumField {
  return { kind: 'enum', label, description, values, default: defaultValue };
}
