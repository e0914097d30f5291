/**
 * The extender's body parser: NodeNames kept as text when Go's layout allows, otherwise plain JSON; the same
 * answers either way, and malformed bodies are input errors (HF_MALFORMED_JSON) either way.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../../errors/index.js';
import { NodeNameList, parseExtenderBody } from './node-name-list.js';

const pod = { metadata: { name: 'p', uid: 'u', annotations: { note: ',"NodeNames":["x"]}' } } };

describe('parseExtenderBody', () => {
  it('keeps the NodeNames of a Go-shaped body as a list that answers like the array', () => {
    const names = ['node-a', 'node-b', 'gpu-1.zone'];
    const body = parseExtenderBody(
      Buffer.from(JSON.stringify({ Pod: pod, Nodes: null, NodeNames: names })),
    ) as {
      Pod: unknown;
      Nodes: null;
      NodeNames: NodeNameList;
    };
    expect(body.NodeNames).toBeInstanceOf(NodeNameList);
    expect(body.Pod).toEqual(pod);
    expect(body.Nodes).toBeNull();
    for (const n of names) expect(body.NodeNames.includes(n)).toBe(true);
    for (const n of ['node', 'x', 'node-a"', '']) expect(body.NodeNames.includes(n)).toBe(false);
    expect([...body.NodeNames]).toEqual(names);
    expect(JSON.parse(JSON.stringify(body))).toEqual({ Pod: pod, Nodes: null, NodeNames: names });
  });

  it('parses any other layout as plain JSON', () => {
    for (const value of [
      { NodeNames: ['a'], Pod: pod },
      { Pod: pod, Nodes: null, NodeNames: ['a', 'b\\"c'] },
      { Pod: pod, Nodes: null, NodeNames: ['a', 1] },
      { Pod: pod, Nodes: { items: [] }, NodeNames: null },
    ]) {
      const parsed = parseExtenderBody(Buffer.from(JSON.stringify(value))) as { NodeNames: unknown };
      expect(Array.isArray(parsed.NodeNames) || parsed.NodeNames === null).toBe(true);
      expect(parsed).toEqual(value);
    }
  });

  it('takes a trailing newline and non-ASCII text in the pod', () => {
    const withUtf8 = { metadata: { name: 'p', uid: 'u', annotations: { team: 'équipe 推理' } } };
    const text = `${JSON.stringify({ Pod: withUtf8, Nodes: null, NodeNames: ['n1', 'n2'] })}\n`;
    const parsed = parseExtenderBody(Buffer.from(text)) as { Pod: unknown; NodeNames: NodeNameList };
    expect(parsed.Pod).toEqual(withUtf8);
    expect(parsed.NodeNames).toBeInstanceOf(NodeNameList);
    expect([...parsed.NodeNames]).toEqual(['n1', 'n2']);
  });

  it('malformed bodies are input errors that say where, without quoting the body', () => {
    const errorOf = (text: string): InputError => {
      try {
        parseExtenderBody(Buffer.from(text));
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).code).toBe(ErrorCode.MalformedJson);
        return e as InputError;
      }
      throw new Error(`parsed: ${text}`);
    };
    // the Go-shaped fast path and the plain parse fail alike
    expect(errorOf('{"Pod": ,"NodeNames":["a"]}').message).toMatch(/^malformed JSON body: Unexpected token/);
    expect(errorOf('{"Pod": {}').message).toMatch(/^malformed JSON body: .*position 10/);
    expect(errorOf('undefined').message).toBe('malformed JSON body: not valid JSON');
    expect(errorOf('{"x": "secret-text" x}').message).not.toContain('secret-text');
  });
});
