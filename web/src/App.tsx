/** The shell: a header with the three pages (hash routes, so the server needs no fallback) and the API token. */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { getToken, setToken } from './api';
import { Notice } from './components/ui';
import { SimulationsPage } from './pages/SimulationsPage';

const FleetPage = lazy(() => import('./pages/FleetPage').then((m) => ({ default: m.FleetPage })));
const EfficiencyPage = lazy(() =>
  import('./pages/EfficiencyPage').then((m) => ({ default: m.EfficiencyPage })),
);

const PAGES = [
  { path: 'simulations', label: 'Simulations' },
  { path: 'fleet', label: 'Fleet' },
  { path: 'efficiency', label: 'Efficiency' },
] as const;
type PagePath = (typeof PAGES)[number]['path'];

function currentPage(): PagePath {
  const path = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (PAGES.find((p) => p.path === path)?.path ?? 'simulations') as PagePath;
}

export function App(): ReactNode {
  const [page, setPage] = useState<PagePath>(currentPage);
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const onHash = () => {
      setPage(currentPage());
      main.current?.focus();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.path === page)?.label} · hyperfleet`;
  }, [page]);

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand" aria-hidden="true">
          <span className="logo" /> hyperfleet
        </span>
        <nav aria-label="pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={page === p.path ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <TokenControl />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Notice kind="loading">Loading…</Notice>}>
          {page === 'simulations' ? (
            <SimulationsPage />
          ) : page === 'fleet' ? (
            <FleetPage />
          ) : (
            <EfficiencyPage />
          )}
        </Suspense>
      </main>
    </>
  );
}

function TokenControl(): ReactNode {
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
          <label className="field">
            Bearer token (kept in this tab only)
            <input
              type="password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoComplete="off"
            />
          </label>
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
