/**
 * @module server/api/type-equality
 * Compile-time equality of two wire shapes, both ways: `Expect<SameShape<A, B>>` fails to compile unless every A
 * is a B and every B is an A (readonly or not, which JSON does not see), and both have the same fields at every
 * depth (an optional field on one side only passes the first test: an object may lack it). Keeps a schema and
 * the pillar's interface of the same wire shape in step: a field added, removed or retyped on either side is a
 * compile error.
 */
import type { Wire } from './route-contract.js';

export type SameShape<A, B> = [Keys<A>] extends [Keys<B>]
  ? [Keys<B>] extends [Keys<A>]
    ? [Wire<A>] extends [Wire<B>]
      ? [Wire<B>] extends [Wire<A>]
        ? true
        : false
      : false
    : false
  : false;

/** Every field made required, at every depth: two shapes whose optional fields differ differ here. */
type Keys<T> = T extends readonly (infer U)[]
  ? readonly Keys<U>[]
  : T extends object
    ? { readonly [K in keyof T]-?: Keys<Exclude<T[K], undefined>> }
    : T;

/** Compiles only when `T` is `true`. */
export type Expect<T extends true> = T;
