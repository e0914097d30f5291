/**
 * The extender's body parser: NodeNames kept as text when Go's layout allows, otherwise plain JSON; the same
 * answers either way, and malformed bodies are still SyntaxErrors.
 */
import { describe, expect, it } from 'vitest';
import { NodeNameList, parseExtenderBody } from './node-name-list.js';

const pod = { metadata: { name: 'p', uid: 'u', annotations: { note: ',"NodeNames":["x"]}' } } };

describe('parseExtenderBody', () => {
  it('keeps the NodeNames of a Go-shaped body as a list that answers like the array', () => {
    const names = ['node-a', 'node-b', 'gpu-1.zone'];
    const body = parseExtenderBody(JSON.stringify({ Pod: pod, Nodes: null, NodeNames: names })) as {
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
      const parsed = parseExtenderBody(JSON.stringify(value)) as { NodeNames: unknown };
      expect(Array.isArray(parsed.NodeNames) || parsed.NodeNames === null).toBe(true);
      expect(parsed).toEqual(value);
    }
  });

  it('throws SyntaxError on malformed bodies', () => {
    expect(() => parseExtenderBody('{"Pod": ,"NodeNames":["a"]}')).toThrow(SyntaxError);
    expect(() => parseExtenderBody('{"Pod": {}')).toThrow(SyntaxError);
  });
});
