import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The folders of src/ and which others each may import, through their index.ts only. The direction is
 * core ← pillars ← report ← server/cli: the shared core knows no pillar, a pillar knows the core (and the
 * simulator, which measure and plan use to check their answers), the reports know the pillars' results, and the
 * front-ends know everything. The work queue runs the pillars' tasks on other machines: it knows the core and the
 * pillars, and only the front-ends know it. Within the core: errors, rng, stats ← model, input ← policies ←
 * framework ← defrag; catalog, traces ← workload, fleet.
 */
const CORE_BASE = ['errors', 'rng', 'stats', 'model', 'input'];
const CORE = [...CORE_BASE, 'policies', 'framework', 'catalog', 'traces', 'workload', 'fleet', 'defrag'];
const PILLARS = ['sim', 'schedule', 'measure', 'plan'];
export const LAYERS = {
  errors: [],
  rng: [],
  stats: [],
  model: ['errors'],
  input: ['errors'],
  policies: [...CORE_BASE],
  framework: [...CORE_BASE, 'policies'],
  catalog: [...CORE_BASE],
  traces: [...CORE_BASE],
  workload: [...CORE_BASE, 'traces'],
  fleet: [...CORE_BASE, 'catalog', 'traces'],
  defrag: [...CORE_BASE, 'policies', 'framework'],
  sim: CORE,
  schedule: CORE,
  measure: [...CORE, 'sim'],
  plan: [...CORE, 'sim'],
  report: [...CORE, ...PILLARS],
  queue: [...CORE, ...PILLARS],
  server: [...CORE, ...PILLARS, 'report', 'queue'],
  cli: [...CORE, ...PILLARS, 'report', 'server', 'queue'],
};

/** A web/src import reaching the project's src/ (any depth of `../`), and the two modules it may name there. */
const WEB_TO_SRC = '^(\\.\\./)+src/';
const WEB_ALLOWED = ['server/api/index(\\.js|\\.ts)?', 'report/palette(\\.js|\\.ts)?'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'out/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The import direction and the public surfaces (index.ts) of src/'s folders. Tests may reach inside.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': Object.keys(LAYERS).map((type) => ({ type, pattern: `src/${type}` })),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{from.type}} may not import {{to.type}}/{{to.internalPath}}: src/ folders import each other only through index.ts, in the direction core ← pillars ← report ← server/cli (eslint.config.js LAYERS)',
          policies: Object.entries(LAYERS).map(([type, allowed]) => ({
            from: { element: { type } },
            allow: {
              to: {
                element: {
                  types: { anyOf: allowed.length > 0 ? allowed : ['(none)'] },
                  fileInternalPath: 'index.ts',
                },
              },
            },
          })),
        },
      ],
    },
  },
  {
    // Policies share one interface: callers never branch on a concrete policy's class.
    files: ['src/**/*.ts'],
    ignores: ['src/policies/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='instanceof'][right.name=/Policy$/]",
          message:
            'No instanceof of a concrete policy outside policies/: add what you need to the Policy interface.',
        },
      ],
    },
  },
  {
    // The dashboard is a client of the REST API: from src/ it may take the API's schema types (type-only, so no
    // server code reaches the bundle) and the shared policy palette, nothing else.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${WEB_TO_SRC}(?!(${WEB_ALLOWED.join('|')})$)`,
              message:
                'web/src may import from src/ only src/server/api/index.ts (type-only) and src/report/palette.ts: the dashboard reads the server through its REST API',
            },
            {
              regex: `${WEB_TO_SRC}${WEB_ALLOWED[0]}$`,
              allowTypeImports: true,
              message:
                'web/src imports src/server/api/index.ts with `import type` only: the schemas type the pages, the bundle holds no server code',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'bench/**/*.js', 'scripts/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
