/**
 * A form that sends one request: on submit the form's values become a body (or a reason the form itself gives,
 * shown without asking the server), the body is sent, and a refusal becomes the error shown — the server's reason
 * and the fields at fault. `busy` is true while the request is out, to disable the button.
 */
import { useState, type FormEvent } from 'react';
import { formErrorOf, type FormErrorValue } from '../components/FormError';

export interface FormSubmit {
  submit: (e: FormEvent) => Promise<void>;
  busy: boolean;
  error?: FormErrorValue;
}

export function useFormSubmit<B>(
  request: () => { body: B } | { error: string },
  send: (body: B) => Promise<void>,
): FormSubmit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormErrorValue>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const built = request();
    if ('error' in built) {
      setError({ message: built.error, issues: [] });
      return;
    }
    setBusy(true);
    try {
      await send(built.body);
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}
