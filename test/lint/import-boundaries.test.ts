/**
 * The import rule of eslint.config.js, run on deliberate mistakes: a core folder importing a pillar, a pillar
 * importing another pillar, a folder reaching into another's internals instead of its index.ts, and a branch on a
 * concrete policy's class. Each must fail `npm run lint` with a message that says what the rule is; the right-way
 * imports beside them must pass. The dashboard (web/src) may take from src/ only the API's schema types
 * (type-only) and the shared policy palette. (`npm run lint` itself checks that the whole tree obeys the rules.)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids and messages ESLint reports for `code` as if it were the file `file` (relative to the root). */
async function lint(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('import boundaries', () => {
  it('a core folder importing a pillar fails: model → sim', async () => {
    const messages = await lint(
      'src/model/wrong-way.ts',
      "import { runPaper } from '../sim/index.js';\nexport const f = runPaper;\n",
    );
    expect(messages).toEqual([
      {
        ruleId: 'boundaries/dependencies',
        message: expect.stringMatching(
          /^model may not import sim\/index\.ts: .*core ← pillars ← report ← server\/cli/,
        ),
      },
    ]);
  });

  it('one pillar importing another fails: schedule → measure', async () => {
    const messages = await lint(
      'src/schedule/wrong-way.ts',
      "import { runMeasure } from '../measure/index.js';\nexport const f = runMeasure;\n",
    );
    expect(messages.map((m) => m.ruleId)).toEqual(['boundaries/dependencies']);
  });

  it('the work queue knows the pillars, and only the front-ends know it: sim → queue fails, cli → queue passes', async () => {
    const wrong = await lint(
      'src/sim/wrong-way.ts',
      "import { QueuePool } from '../queue/index.js';\nexport const f = QueuePool;\n",
    );
    expect(wrong.map((m) => m.message)).toEqual([
      expect.stringMatching(/^sim may not import queue\/index\.ts/),
    ]);
    const right = await lint(
      'src/cli/right-way.ts',
      "import { QueuePool } from '../queue/index.js';\nexport const f = QueuePool;\n",
    );
    expect(right).toEqual([]);
  });

  it('reaching past a folder’s index.ts fails, even in the allowed direction: sim → policies/fgd.ts', async () => {
    const messages = await lint(
      'src/sim/wrong-way.ts',
      "import { FgdPolicy } from '../policies/fgd.js';\nexport const f = FgdPolicy;\n",
    );
    expect(messages).toEqual([
      {
        ruleId: 'boundaries/dependencies',
        message: expect.stringMatching(/^sim may not import policies\/fgd\.ts/),
      },
    ]);
  });

  it('the front-ends may not be imported by the pillars: measure → server', async () => {
    const messages = await lint(
      'src/measure/wrong-way.ts',
      "import { buildApp } from '../server/index.js';\nexport const f = buildApp;\n",
    );
    expect(messages.map((m) => m.ruleId)).toEqual(['boundaries/dependencies']);
  });

  it('right-way imports pass: a pillar through core indexes, a front-end through a pillar’s index', async () => {
    expect(
      await lint(
        'src/sim/right-way.ts',
        "import { createPolicy } from '../policies/index.js';\nimport { ClusterState } from '../model/index.js';\n" +
          'export const f = [createPolicy, ClusterState];\n',
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/server/right-way.ts',
        "import { LiveScheduler } from '../schedule/index.js';\nexport const f = LiveScheduler;\n",
      ),
    ).toEqual([]);
  });

  it('instanceof of a concrete policy outside policies/ fails', async () => {
    const messages = await lint(
      'src/sim/wrong-way.ts',
      "import type { Policy } from '../policies/index.js';\nclass FgdPolicy {}\n" +
        'export const isFgd = (p: Policy) => p instanceof FgdPolicy;\n',
    );
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-syntax']);
  });

  it('a web file importing anything of src/ but the API schemas (type-only) and the palette fails', async () => {
    const wrong = [
      "import type { MeasureResult } from '../../src/measure/index.js';",
      "import { buildApp } from '../../../src/server/app.js';",
      "import type { NodeView } from '../../src/server/api/nodes.js';",
      "import { ErrorBody } from '../../src/server/api/index.js';",
    ];
    for (const line of wrong) {
      const messages = await lint('web/src/pages/WrongWay.tsx', `${line}\nexport const f = 1;\n`);
      // (The unused import is reported too; only the import rule is of interest here.)
      expect(
        messages.filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars'),
        line,
      ).toEqual([
        {
          ruleId: '@typescript-eslint/no-restricted-imports',
          message: expect.stringMatching(
            /web\/src (may import from src\/ only|imports src\/server\/api\/index\.ts with `import type` only)/,
          ),
        },
      ]);
    }
  });

  it('a web file may import the API schema types and the palette', async () => {
    expect(
      await lint(
        'web/src/right-way.ts',
        "import type { NodeView } from '../../src/server/api/index.js';\n" +
          "import { POLICY_COLORS } from '../../src/report/palette.js';\n" +
          "import { api } from './api';\n" +
          'export type F = [NodeView, typeof POLICY_COLORS, typeof api];\n',
      ),
    ).toEqual([]);
  });
});
