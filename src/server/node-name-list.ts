/**
 * @module server/node-name-list
 * The `NodeNames` of an extender call, kept as the JSON text kube-scheduler sent. With nodeCacheCapable and
 * `percentageOfNodesToScore: 100`, every call carries every node's name (215 KiB for 10,000 nodes); turning
 * them into 10,000 strings and hashing each costs more than the decision itself, while the decision usually
 * needs one question answered: is the policy's node among them? That is a substring search on the text. The list
 * is parsed only when a decision needs the candidates one by one.
 */

/** Candidate node names: a plain array or a {@link NodeNameList}. */
export interface Candidates extends Iterable<string> {
  includes(name: string): boolean;
}

/** A JSON array of strings without escapes or whitespace, as Go's encoder writes node names. */
const PLAIN_NAMES = /^\[(?:"[^"\\]*"(?:,"[^"\\]*")*)?\]$/;
const KEY = ',"NodeNames":[';

export class NodeNameList implements Candidates {
  private array: string[] | undefined;

  /** `text`: a JSON array of plain strings (checked by {@link parseExtenderBody}). */
  constructor(private readonly text: string) {}

  includes(name: string): boolean {
    return !name.includes('"') && this.text.includes(`"${name}"`);
  }

  toArray(): string[] {
    return (this.array ??= JSON.parse(this.text) as string[]);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.toArray()[Symbol.iterator]();
  }

  toJSON(): string[] {
    return this.toArray();
  }
}

/**
 * JSON.parse of an extender request, with `NodeNames` left as a {@link NodeNameList} when it is the body's last
 * member and a plain list (Go writes ExtenderArgs as `{"Pod":…,"Nodes":null,"NodeNames":[…]}`); any other body is
 * parsed as usual. Throws SyntaxError on malformed JSON either way.
 */
export function parseExtenderBody(text: string): unknown {
  const at = text.lastIndexOf(KEY);
  if (at > 0 && text.endsWith(']}')) {
    const list = text.slice(at + KEY.length - 1, text.length - 1);
    if (PLAIN_NAMES.test(list)) {
      const head = JSON.parse(`${text.slice(0, at)}}`) as Record<string, unknown>;
      if (head !== null && typeof head === 'object' && !Array.isArray(head)) {
        head.NodeNames = new NodeNameList(list);
        return head;
      }
    }
  }
  return JSON.parse(text);
}
