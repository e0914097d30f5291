/**
 * The API token control in the header: a bearer token for servers that require one on mutating routes, kept in
 * this tab's session storage only (see api.ts).
 */
import { useState, type ReactNode } from 'react';
import { getToken, setToken } from '../api';
import { TextField } from './Field';

export function TokenControl(): ReactNode {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(getToken);
  const [saved, setSaved] = useState(getToken() !== '');
  return (
    <div className="token">
      <button type="button" aria-expanded={open} aria-controls="token-form" onClick={() => setOpen(!open)}>
        {saved ? 'API token ✓' : 'API token'}
      </button>
      {open ? (
        <form
          id="token-form"
          className="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            setToken(value.trim());
            setSaved(value.trim() !== '');
            setOpen(false);
          }}
        >
          <TextField
            label="Bearer token (kept in this tab only)"
            type="password"
            value={value}
            onChange={setValue}
            autoComplete="off"
          />
          <p className="hint">
            Needed for runs and changes when the server was started with a token; loopback servers without one
            need none.
          </p>
          <button type="submit" className="primary">
            Save
          </button>
        </form>
      ) : null}
    </div>
  );
}
