/**
 * @module server/api/type-equality
 * Compile-time equality of two wire shapes, both ways: `Expect<SameShape<A, B>>` fails to compile unless every A
 * is a B and every B is an A (readonly or not, which JSON does not see). Keeps a schema and the pillar's interface
 * of the same wire shape in step: a field added, removed or retyped on either side is a compile error.
 */
import type { Wire } from './route-contract.js';

export type SameShape<A, B> = [Wire<A>] extends [Wire<B>]
  ? [Wire<B>] extends [Wire<A>]
    ? true
    : false
  : false;

/** Compiles only when `T` is `true`. */
export type Expect<T extends true> = T;
