/**
 * @module server/extender/node-name-list
 * The `NodeNames` of an extender call, kept as the bytes kube-scheduler sent. With nodeCacheCapable and
 * `percentageOfNodesToScore: 100`, every call carries every node's name (215 KiB for 10,000 nodes); decoding them
 * into one large string and 10,000 small ones, and hashing each, costs several times the decision itself, while
 * the decision usually needs one question answered: is the policy's node among them? That is a byte search. The
 * list is decoded only when a decision needs the candidates one by one.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { Candidates } from '../../schedule/index.js';

const KEY = ',"NodeNames":[';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BRACE_CLOSE = 0x7d;

/** Whether `b` is exactly a JSON array of strings without escapes or control characters: `["a","b"]` or `[]`. */
function isPlainNameList(b: Uint8Array): boolean {
  const n = b.length;
  if (n < 2 || b[0] !== OPEN || b[n - 1] !== CLOSE) return false;
  if (n === 2) return true;
  let i = 1;
  for (;;) {
    if (b[i] !== QUOTE) return false;
    i++;
    while (i < n && b[i] !== QUOTE) {
      if (b[i] === BACKSLASH || b[i] < 0x20) return false;
      i++;
    }
    i++; // past the closing quote
    if (i === n - 1) return true;
    if (i >= n || b[i] !== COMMA) return false;
    i++;
  }
}

export class NodeNameList implements Candidates {
  private array: string[] | undefined;

  /** `bytes`: a JSON array of plain strings (checked by {@link parseExtenderBody}). */
  constructor(private readonly bytes: Buffer) {}

  includes(name: string): boolean {
    return !/["\\]/.test(name) && this.bytes.indexOf(`"${name}"`) >= 0;
  }

  toArray(): string[] {
    return (this.array ??= JSON.parse(this.bytes.toString('utf8')) as string[]);
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
 * parsed as usual. Malformed JSON is an InputError (HF_MALFORMED_JSON) saying what and where, either way.
 */
export function parseExtenderBody(body: Buffer): unknown {
  try {
    return parseJson(body);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw new InputError(ErrorCode.MalformedJson, { message: `malformed JSON body: ${syntaxReason(e)}` });
  }
}

/**
 * V8's reason without its quote of the input (`Unexpected token 'x', "…" is not valid JSON` → `Unexpected token
 * 'x'`): the position says where, and a message is not a mirror of what the client sent.
 */
function syntaxReason(e: SyntaxError): string {
  const reason = e.message.replace(/, ".*" is not valid JSON$/s, '').replace(/^".*" is not valid JSON$/s, '');
  return reason === '' ? 'not valid JSON' : reason;
}

function parseJson(body: Buffer): unknown {
  let end = body.length;
  while (end > 0 && (body[end - 1] === 0x20 || body[end - 1] === 0x0a || body[end - 1] === 0x0d)) end--;
  const at = body.lastIndexOf(KEY, end);
  if (at > 0 && body[end - 1] === BRACE_CLOSE && body[end - 2] === CLOSE) {
    const list = body.subarray(at + KEY.length - 1, end - 1);
    if (isPlainNameList(list)) {
      const head = JSON.parse(`${body.toString('utf8', 0, at)}}`) as unknown;
      if (head !== null && typeof head === 'object' && !Array.isArray(head)) {
        (head as Record<string, unknown>).NodeNames = new NodeNameList(list);
        return head;
      }
    }
  }
  return JSON.parse(body.toString('utf8'));
}
