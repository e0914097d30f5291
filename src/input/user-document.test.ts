/**
 * The YAML/JSON reader every user-file format shares, on a small schema of its own: where issues point, what "got"
 * shows, rules across fields, did-you-mean through unions and records, and the cap on issues.
 */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { inputErrorText } from '../../test/support/input-error.js';
import { MAX_ISSUES } from './issue-list.js';
import { crossFieldRule } from './schema-issues.js';
import { parseUserDocument, UserDocument } from './user-document.js';

const Shape = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('box'), width: z.number({ error: 'a width' }) }),
    z.strictObject({ kind: z.literal('disc'), radius: z.number({ error: 'a radius' }) }),
  ],
  { error: 'a shape: { kind: box or disc }' },
);

const Schema = z.strictObject(
  {
    name: z.string({ error: 'a name' }),
    shapes: crossFieldRule(z.array(Shape, { error: 'a list of shapes' }), (shapes, report) => {
      if (Array.isArray(shapes) && shapes.length > 3) {
        report({
          path: [3],
          message: 'too many shapes',
          expected: 'at most 3',
          code: ErrorCode.InvalidOption,
        });
      }
    }).optional(),
    tags: z.record(z.string().regex(/^[a-z]+$/, { error: 'a lower-case tag' }), z.string()).optional(),
  },
  { error: 'a mapping with name and shapes' },
);

const failure = (text: string, file = 'f.yaml'): string =>
  inputErrorText(() =>
    parseUserDocument(text, file, Schema, {
      syntax: file.endsWith('.json') ? 'json' : 'yaml',
      what: 'a test file',
    }),
  );

describe('UserDocument', () => {
  it('returns the parsed data when it is valid', () => {
    const text = 'name: x\nshapes:\n  - { kind: box, width: 2 }\ntags: { a: b }\n';
    expect(parseUserDocument(text, 'f.yaml', Schema, { syntax: 'yaml', what: 'x' })).toEqual({
      name: 'x',
      shapes: [{ kind: 'box', width: 2 }],
      tags: { a: 'b' },
    });
  });

  it('points a missing field at the mapping it belongs in: its key, or its first line in a list', () => {
    expect(failure('shapes:\n  - kind: box\n    wdth: 2\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.yaml:1: name: missing, expected a name
      f.yaml:2: shapes[0].width: missing, expected a width
      f.yaml:3: shapes[0].wdth: unknown field, did you mean "width"?"
    `);
  });

  it('lists the keys of the union branch the value picks, and checks record keys', () => {
    expect(failure('name: x\nshapes: [{ kind: disc, size: 1 }]\ntags: { OK: a }\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.yaml:2: shapes[0].radius: missing, expected a radius
      f.yaml:2: shapes[0].size: unknown field, expected one of kind, radius
      f.yaml:3: tags.OK: invalid name, expected a lower-case tag"
    `);
  });

  it('runs rules across fields even when fields are wrong, with their own code when all issues share it', () => {
    const shapes =
      '[{ kind: box, width: 1 }, { kind: box, width: 1 }, { kind: box, width: 1 }, { kind: box }]';
    expect(failure(`name: x\nshapes: ${shapes}\n`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.yaml:2: shapes[3].width: missing, expected a width
      f.yaml:2: shapes[3]: too many shapes, expected at most 3, got "{ kind: box }""
    `);
    const e = (() => {
      try {
        return UserDocument.parse('name: x\n', 'f.yaml', { syntax: 'yaml', what: 'x' }).fail([
          { path: ['name'], message: 'taken', code: ErrorCode.InvalidOption },
        ]);
      } catch (x) {
        return x as InputError;
      }
    })();
    expect(e.code).toBe(ErrorCode.InvalidOption);
    expect(e.issues).toEqual([{ file: 'f.yaml', line: 1, field: 'name', message: 'taken', got: 'x' }]);
  });

  it('shows a block collection as its value and a flow one as written', () => {
    expect(failure('name:\n  first: a\n  last: b\nshapes: {kind: box}\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.yaml:1: name: expected a name, got "{\\"first\\":\\"a\\",\\"last\\":\\"b\\"}"
      f.yaml:4: shapes: expected a list of shapes, got "{kind: box}""
    `);
  });

  it('finds duplicate keys in mappings nested in lists', () => {
    expect(failure('name: x\nshapes:\n  - kind: box\n    width: 1\n    width: 2\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.yaml:5: shapes[0].width: duplicate key (first on line 4), expected each key once per mapping"
    `);
  });

  it('sorts issues by line and caps them', () => {
    const shapes = Array.from({ length: 30 }, () => '  - { kind: box, width: w }');
    const message = failure(`shapes:\n${shapes.join('\n')}\nname: 1\n`);
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(MAX_ISSUES + 1);
    expect(lines[0]).toBe('f.yaml:2: shapes[0].width: expected a width, got "w"');
    expect(lines.at(-1)).toBe('f.yaml: 12 more problem(s) not shown (first 20 listed)');
  });

  it('JSON: syntax errors name their line, whatever V8 says; a BOM is ignored', () => {
    expect(failure('{\n  "name": "x",\n  "shapes": [tru]\n}\n', 'f.json')).toMatch(
      /^HF_INVALID_FIELD\nf\.json(:3)?: JSON syntax error: Unexpected token/,
    );
    expect(failure('\ufeff{\n  "name": 1\n}\n', 'f.json')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      f.json:2: name: expected a name, got "1""
    `);
  });
});
