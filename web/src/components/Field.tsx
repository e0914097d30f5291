/**
 * Labelled form controls: the label wraps its control (so a click on the text focuses it and the control is
 * named by it) and the change handler receives the new value, not the event. `bindFields` wires controls to one
 * object of form values.
 */
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Label and control on one line (toolbars). */
  inline?: boolean;
}

function Labelled({ label, inline, children }: { label: ReactNode; inline?: boolean; children: ReactNode }) {
  return (
    <label className={inline ? 'field inline' : 'field'}>
      {label}
      {children}
    </label>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;
type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>;

export function TextField({ label, value, onChange, inline, ...input }: FieldProps & InputProps): ReactNode {
  return (
    <Labelled label={label} inline={inline}>
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
    </Labelled>
  );
}

export function TextAreaField({
  label,
  value,
  onChange,
  inline,
  ...area
}: FieldProps & TextAreaProps): ReactNode {
  return (
    <Labelled label={label} inline={inline}>
      <textarea {...area} value={value} onChange={(e) => onChange(e.target.value)} />
    </Labelled>
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
    <Labelled label={label} inline={inline}>
      <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
        {children}
      </select>
    </Labelled>
  );
}

/**
 * Props that bind a control to one field of a form's values: its name, its value, and a change handler that
 * patches that field (`<TextField label="Pods" {...field('pods')} />`).
 */
export function bindFields<V extends object>(values: V, onChange: (patch: Partial<V>) => void) {
  return <K extends keyof V & string>(name: K) => ({
    name,
    value: values[name],
    onChange: (value: V[K]) => onChange({ [name]: value } as unknown as Partial<V>),
  });
}
