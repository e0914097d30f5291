/**
 * Sharing modes and the rounding of sharing requests: free milli-shares pass through, MIG and PPU requests round
 * up to the smallest profile that holds them, whole-device models refuse, and every refusal says why.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog.js';
import { BUILTIN_SHARING, roundRequest, sliceMilli, type SharingMode } from './sharing.js';

const catalog = buildCatalog();
const sharingOf = (id: string): SharingMode => {
  const a = catalog.get(id);
  if (!a) throw new Error(`no catalog entry ${id}`);
  return a.sharing;
};
const round = (id: string, milli: number) => roundRequest(sharingOf(id), milli, id);

describe('sliceMilli', () => {
  it('maps MIG compute slices to milli as slices/7 × 1000 rounded up', () => {
    expect([1, 2, 3, 4, 7].map((s) => sliceMilli(s, 7))).toEqual([143, 286, 429, 572, 1000]);
  });

  it('maps the Zhenwu PPU halves to 500 and 1000', () => {
    expect([sliceMilli(4, 8), sliceMilli(8, 8)]).toEqual([500, 1000]);
  });
});

describe('roundRequest', () => {
  it('passes milli requests through unchanged on time-sliced models', () => {
    for (const m of [1, 250, 460, 999, 1000]) expect(round('nvidia-t4', m)).toEqual({ ok: true, milli: m });
  });

  it('rounds a small request up to the 1g MIG profile (100 → 143)', () => {
    expect(round('nvidia-h100', 100)).toEqual({ ok: true, milli: 143, profile: '1g.10gb' });
    expect(round('nvidia-h20', 100)).toEqual({ ok: true, milli: 143, profile: '1g.12gb' });
    expect(round('nvidia-h200', 143)).toEqual({ ok: true, milli: 143, profile: '1g.18gb' });
  });

  it('picks the next larger MIG profile just past a boundary (144 → 2g)', () => {
    expect(round('nvidia-a100', 144)).toEqual({ ok: true, milli: 286, profile: '2g.20gb' });
  });

  it('rounds 400 to 3g and 500 to 4g, and 600 past 4g (572) to the whole 7g instance', () => {
    expect(round('nvidia-h100', 400)).toEqual({ ok: true, milli: 429, profile: '3g.40gb' });
    expect(round('nvidia-h100', 500)).toEqual({ ok: true, milli: 572, profile: '4g.40gb' });
    expect(round('nvidia-h100', 600)).toEqual({ ok: true, milli: 1000, profile: '7g.80gb' });
    expect(round('nvidia-h20', 600)).toEqual({ ok: true, milli: 1000, profile: '7g.96gb' });
  });

  it('rounds Zhenwu requests to halves: 300 → 500, 500 → 500, 501 → 1000', () => {
    expect(round('t-head-zhenwu-810e', 300)).toEqual({ ok: true, milli: 500, profile: '4g.48gb' });
    expect(round('t-head-zhenwu-810e', 500)).toEqual({ ok: true, milli: 500, profile: '4g.48gb' });
    expect(round('t-head-zhenwu-810e', 501)).toEqual({ ok: true, milli: 1000, profile: '8g.96gb' });
  });

  it('gives a whole device without a profile to a request of 1000 on every model', () => {
    for (const a of catalog.accelerators) expect(round(a.id, 1000), a.id).toEqual({ ok: true, milli: 1000 });
  });

  it('refuses to share a whole-device model, with the reason', () => {
    expect(round('huawei-ascend-910b', 500)).toMatchInlineSnapshot(`
      {
        "ok": false,
        "reason": "huawei-ascend-910b cannot be shared: whole devices only (asked for 500 milli)",
      }
    `);
  });

  it('refuses a request of more than one device on every kind of model', () => {
    expect(round('nvidia-h100', 1200)).toMatchInlineSnapshot(`
      {
        "ok": false,
        "reason": "nvidia-h100 shares only as MIG profiles; 1200 milli is more than one device (ask for whole devices instead)",
      }
    `);
    expect(round('t-head-zhenwu-810e', 2000)).toMatchObject({ ok: false, reason: /PPU instance profiles/ });
    expect(round('nvidia-t4', 1001)).toMatchObject({ ok: false, reason: /more than one device/ });
    expect(round('huawei-ascend-910c', 1500)).toMatchObject({ ok: false, reason: /whole devices only/ });
  });

  it('refuses requests that are not a positive whole number', () => {
    expect(round('nvidia-t4', 0)).toMatchInlineSnapshot(`
      {
        "ok": false,
        "reason": "nvidia-t4: a request is a whole number of milli-devices ≥ 1, got 0",
      }
    `);
    expect(round('nvidia-t4', 12.5)).toMatchObject({ ok: false });
    expect(round('nvidia-t4', Number.NaN)).toMatchObject({ ok: false });
  });

  it('refuses when no profile is large enough (a user mode without a whole-device profile)', () => {
    const halvesOnly: SharingMode = {
      kind: 'partitions',
      profiles: [{ name: 'half', milli: 500, memoryGiB: 32 }],
    };
    expect(roundRequest(halvesOnly, 600, 'acme-x1')).toEqual({
      ok: false,
      reason: 'acme-x1: no partition holds 600 milli (the largest profile is 500 milli)',
    });
  });

  it('always returns the smallest allowed share that holds the request, on every built-in model', () => {
    const wrong: string[] = [];
    for (const [id, mode] of Object.entries(BUILTIN_SHARING)) {
      const allowed = mode.kind === 'partitions' ? mode.profiles.map((p) => p.milli) : [1000];
      for (let m = 1; m <= 1000; m++) {
        const r = roundRequest(mode, m, id);
        const expected =
          mode.kind === 'milli'
            ? m
            : mode.kind === 'none' && m < 1000
              ? null
              : Math.min(...allowed.filter((a) => a >= m));
        const got = r.ok ? r.milli : null;
        if (got !== expected) wrong.push(`${id} ${m}: got ${got}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
