/**
 * @module report
 * Self-contained HTML reports of the pillars' results: the paper experiment, a fleet over time, a measurement
 * (with its one-screen text summary) and a plan. Each report is one file with inline SVG charts and no scripts.
 */
export { renderExperimentReport, type ReportInput, type ReportRun } from './experiment-report.js';
export { renderMeasureReport, summaryText } from './measure-report.js';
export { renderTimeReport, type TimeReportInput, type TimeReportRun } from './time-report.js';
export { renderPlanReport } from './plan-report.js';
export type {
  ParetoPoint,
  PlanPareto,
  PlanReportContext,
  PlanReportPlan,
  PlanScenario,
} from './plan-report-input.js';
