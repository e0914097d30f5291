/** The shell: a header with the four pages (hash routes, so the server needs no fallback) and the API token. */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { Notice } from './components/Notice';
import { TokenControl } from './components/TokenControl';
import { SimulationsPage } from './pages/simulations/SimulationsPage';

const FleetPage = lazy(() => import('./pages/fleet/FleetPage').then((m) => ({ default: m.FleetPage })));
const EfficiencyPage = lazy(() =>
  import('./pages/efficiency/EfficiencyPage').then((m) => ({ default: m.EfficiencyPage })),
);
const PlanPage = lazy(() => import('./pages/plan/PlanPage').then((m) => ({ default: m.PlanPage })));

const PAGES = [
  { path: 'simulations', label: 'Simulations' },
  { path: 'fleet', label: 'Fleet' },
  { path: 'efficiency', label: 'Efficiency' },
  { path: 'plan', label: 'Plan' },
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
          ) : page === 'efficiency' ? (
            <EfficiencyPage />
          ) : (
            <PlanPage />
          )}
        </Suspense>
      </main>
    </>
  );
}
