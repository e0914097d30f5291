/**
 * The policy palette: every policy of POLICY_NAMES has one colour that its id, its paper label and its display name
 * all find; the six paper policies keep the report's Okabe–Ito colours; colours are distinct, and the series
 * colours for everything else never repeat a policy's. And the surfaces agree: the colour the HTML report draws a
 * policy in (its swatch and its line) is the one the dashboard's colour module gives it (test/browser checks what
 * the built dashboard draws).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paperLabel, POLICY_NAMES, type PolicyName } from '../policies/index.js';
import { policyColor as dashboardPolicyColor, runPolicyColor } from '../../web/src/charts/colors.js';
import { reportColours } from '../../test/support/report-colours.js';
import {
  POLICY_PALETTE,
  SERIES_COLORS,
  policyColor,
  policyColors,
  policyDisplayName,
  seriesColor,
} from './palette.js';

const HEX = /^#[0-9a-f]{6}$/;

describe('policy palette', () => {
  it('has exactly the policies of POLICY_NAMES, in that order', () => {
    expect(POLICY_PALETTE.map((p) => p.id)).toEqual([...POLICY_NAMES]);
  });

  it('finds each policy by id, paper label and display name, whatever the case', () => {
    for (const id of POLICY_NAMES) {
      const color = policyColor(id);
      expect(color, id).toMatch(HEX);
      const label = paperLabel(id);
      expect(policyColor(label), label).toBe(color);
      expect(policyColor(policyDisplayName(label)), label).toBe(color);
      expect(policyColor(label.toUpperCase()), label).toBe(color);
    }
  });

  it('the display name is the paper label without its numeric prefix', () => {
    for (const p of POLICY_PALETTE) expect(policyDisplayName(paperLabel(p.id as PolicyName))).toBe(p.display);
    expect(policyDisplayName('06-FGD')).toBe('FGD');
    expect(policyDisplayName('07-FGD-Energy')).toBe('FGD-Energy');
    expect(policyDisplayName('42')).toBe('42');
  });

  it('keeps the paper report colours of the six paper policies (Okabe–Ito based)', () => {
    expect(Object.fromEntries(POLICY_PALETTE.slice(0, 6).map((p) => [p.display, p.color]))).toEqual({
      Random: '#8a8a8a',
      DotProd: '#0072b2',
      GpuClustering: '#e69f00',
      GpuPacking: '#009e73',
      BestFit: '#cc79a7',
      FGD: '#d55e00',
    });
  });

  it('gives every policy and every series colour a colour of its own', () => {
    const all = [...POLICY_PALETTE.map((p) => p.color), ...SERIES_COLORS];
    for (const c of all) expect(c).toMatch(HEX);
    expect(new Set(all).size).toBe(all.length);
  });

  it('knows no other policy', () => {
    expect(policyColor('first-fit')).toBeUndefined();
    expect(policyColor('')).toBeUndefined();
    expect(policyColor('07-Unknown')).toBeUndefined();
  });

  it('cycles the series colours, also for negative indexes', () => {
    expect(seriesColor(0)).toBe(SERIES_COLORS[0]);
    expect(seriesColor(SERIES_COLORS.length + 1)).toBe(SERIES_COLORS[1]);
    expect(seriesColor(-1)).toBe(SERIES_COLORS[SERIES_COLORS.length - 1]);
  });

  it('hands the series colours, in order, to the names it does not know', () => {
    const colors = policyColors(['06-FGD', 'mine-a', 'bestfit', 'mine-b']);
    expect([...colors]).toEqual([
      ['06-FGD', policyColor('fgd')],
      ['mine-a', SERIES_COLORS[0]],
      ['bestfit', policyColor('05-BestFit')],
      ['mine-b', SERIES_COLORS[1]],
    ]);
  });

  it('imports nothing, so the browser bundle can take it as it is', () => {
    const source = readFileSync(new URL('./palette.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\b/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});

describe('the report and the dashboard', () => {
  const { html, swatches } = reportColours();

  it('give each policy the same colour', () => {
    for (const id of POLICY_NAMES) {
      expect(swatches.get(id), id).toEqual([dashboardPolicyColor(id)]);
      // The report's line of the policy and the dashboard's series of a single run.
      expect(html, id).toMatch(new RegExp(`<path[^>]*stroke="${runPolicyColor(0, id, 1)}"`));
    }
  });

  it('the dashboard draws a compared run’s lines in series colours, never in a policy’s', () => {
    const policyColours = new Set(POLICY_PALETTE.map((p) => p.color));
    for (const id of POLICY_NAMES) {
      expect(runPolicyColor(0, id, 2)).toBe(policyColor(id));
      for (const runIndex of [1, 2, 3]) {
        const colour = runPolicyColor(runIndex, id, 4);
        expect(SERIES_COLORS, `${id} in run ${runIndex}`).toContain(colour);
        expect(policyColours.has(colour)).toBe(false);
      }
    }
  });
});
