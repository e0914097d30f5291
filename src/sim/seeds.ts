/**
 * @module sim/seeds
 * The seeds of a set of runs, as users write them on the command line and in REST bodies: `42`, `42-51`,
 * `42,45,50`, `42-44,50`. Every random choice of a run derives from its seed, so the list is the whole of what
 * varies between repetitions.
 */
import { ErrorCode, InputError } from '../errors/index.js';

/** Seeds as a list or range: `42`, `42-51`, `42,45,50`, `42-44,50`. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(-?\d+)\s*-\s*(-?\d+)\s*$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from > 10000) throw badSeeds('a range FROM-TO with FROM ≤ TO', part);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else {
      const text = part.trim();
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
        throw badSeeds('a whole number', text);
      seeds.push(Number(text));
    }
  }
  return [...new Set(seeds)];
}

function badSeeds(expected: string, got: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { field: '--seeds', expected, got });
}
