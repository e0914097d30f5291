/**
 * Reservations alone (no state, no HTTP): the order in which they expire, the cap, and which calls free devices.
 * The facade's tests see them only through filter and bind, where a TTL of 30 s and a cap of 10,000 are out of
 * reach.
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/support/builders.js';
import { type Reservation, Reservations } from './reservations.js';

function setup(opts: { ttlMs?: number; max?: number } = {}) {
  let clock = 0;
  const freed: string[] = [];
  const reservations = new Reservations({
    ttlMs: opts.ttlMs ?? 100,
    max: opts.max,
    now: () => clock,
    free: (r: Reservation) => freed.push(r.spec.name),
  });
  const hold = (uid: string, node = 'n1') =>
    reservations.hold(uid, { node, devices: [0], spec: makePod({ name: uid }) });
  return { reservations, freed, hold, at: (t: number) => (clock = t) };
}

describe('Reservations', () => {
  it('expire in the order they were made, each after the TTL, and not before', () => {
    const { reservations, freed, hold, at } = setup({ ttlMs: 100 });
    at(0);
    hold('a');
    at(10);
    hold('b');
    at(20);
    hold('c');
    at(99);
    reservations.expire();
    expect(freed).toEqual([]); // a holds until 100 (made at 0, TTL 100)
    at(100);
    reservations.expire();
    expect(freed).toEqual(['a']);
    at(125);
    reservations.expire();
    expect(freed).toEqual(['a', 'b', 'c']);
    expect(reservations.size).toBe(0);
  });

  it('a pod filtered again goes to the end of the expiry order with a new TTL', () => {
    const { reservations, freed, hold, at } = setup({ ttlMs: 100 });
    at(0);
    hold('a');
    at(10);
    hold('b');
    at(50);
    reservations.release('a');
    hold('a');
    expect(freed).toEqual(['a']);
    at(110);
    reservations.expire();
    expect(freed).toEqual(['a', 'b']);
    expect(reservations.get('a')?.expiresAt).toBe(150);
    expect([...reservations.entries()].map(([uid]) => uid)).toEqual(['a']);
  });

  it('keeps at most `max`: beyond, the oldest are released first, even while valid', () => {
    const { reservations, freed, hold } = setup({ ttlMs: 1_000, max: 3 });
    for (const uid of ['a', 'b', 'c', 'd', 'e']) {
      hold(uid);
      reservations.expire();
    }
    expect(freed).toEqual(['a', 'b']);
    expect([...reservations.entries()].map(([uid]) => uid)).toEqual(['c', 'd', 'e']);
  });

  it('a bound pod consumes its reservation without freeing; release frees once; unknown pods are ignored', () => {
    const { reservations, freed, hold } = setup();
    hold('a');
    hold('b');
    reservations.consume('a');
    reservations.release('b');
    reservations.release('b');
    reservations.release('never-held');
    expect(freed).toEqual(['b']);
    expect(reservations.size).toBe(0);
  });

  it('counts and releases the reservations of one node', () => {
    const { reservations, freed, hold } = setup();
    hold('a', 'n1');
    hold('b', 'n2');
    hold('c', 'n1');
    expect(reservations.countOn('n1')).toBe(2);
    expect(reservations.countOn('n3')).toBe(0);
    reservations.releaseOn('n1');
    expect(freed).toEqual(['a', 'c']);
    expect(reservations.countOn('n1')).toBe(0);
    expect(reservations.get('b')?.node).toBe('n2');
  });
});
