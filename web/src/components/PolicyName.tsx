/** A policy's name with its colour swatch, the colour it has in every chart and report. */
import type { ReactNode } from 'react';
import { policyColor } from '../charts/colors';

export function PolicyName({ policy }: { policy: string }): ReactNode {
  return (
    <>
      <span className="swatch" style={{ background: policyColor(policy) }} aria-hidden="true" />
      {policy}
    </>
  );
}
