/**
 * Labelled form controls: the label wraps its control (so a click on the text focuses it and the control is
 * named by it) and the change handler receives the new value, not the event.
 */
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Label and control on one line (toolbars). */
  inline?: boolean;
}

function fieldClass(inline?: boolean): string {
  return inline ? 'field inline' : 'field';
}

export function TextField({
  label,
  value,
  onChange,
  inline,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>): ReactNode {
  return (
    <label className={fieldClass(inline)}>
      {label}
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function TextAreaField({
  label,
  value,
  onChange,
  inline,
  ...area
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>): ReactNode {
  return (
    <label className={fieldClass(inline)}>
      {label}
      <textarea {...area} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** A select; its options are the children. */
export function SelectField({
  label,
  value,
  onChange,
  inline,
  name,
  children,
}: FieldProps & { name?: string; children: ReactNode }): ReactNode {
  return (
    <label className={fieldClass(inline)}>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
        {children}
      </select>
    </label>
  );
}
