/**
 * @module report/page
 * What every hyperfleet HTML report shares: the stylesheet (inline, no external resources) and text escaping.
 */

/** Escapes text for HTML element content and (double-quoted) attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The reports' stylesheet, readable on a laptop screen and in print. */
export const REPORT_CSS = `
:root{color-scheme:light;--fg:#1b1b1b;--muted:#5a5a5a;--line:#d6d6d6;--bg-alt:#f6f7f9;--accent:#0b57a4}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:#fff;line-height:1.45}
.page{max-width:1400px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:1.7rem;margin:0 0 .4rem}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-top:.6rem;border-top:2px solid var(--line)}
h3{font-size:1.1rem;margin:1.4rem 0 .5rem}
h4.fig-title{font-size:.98rem;margin:0 0 .3rem}
a{color:var(--accent)}
.meta{color:var(--muted);margin:.2rem 0}
ul.notes{margin:.4rem 0 .8rem;padding-left:1.2rem;color:var(--muted)}
nav.toc{background:var(--bg-alt);border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem;margin:1rem 0}
nav.toc h2{border:0;margin:0 0 .3rem;padding:0;font-size:1rem}
nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.1rem}
.table-wrap{overflow-x:auto;margin:.4rem 0 1rem}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.93rem}
caption{caption-side:top;text-align:left;color:var(--muted);padding:0 0 .4rem;max-width:1100px}
th,td{padding:.32rem .6rem;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
thead th{background:var(--bg-alt);vertical-align:bottom;border-bottom:2px solid #b9b9b9}
th[scope=row],thead th:first-child{text-align:left}
th.sub{font-weight:600;font-size:.85rem}
tbody tr:nth-child(even){background:#fbfbfc}
td.best{font-weight:700}
table.prose td,table.prose th[scope=col]{text-align:left}table.prose td{white-space:normal;min-width:12ch;max-width:70ch}
td.grp-end,table.cross thead th[scope=colgroup]{border-right:1px solid var(--line)}
table.cross thead th[scope=colgroup]{text-align:center}
.sd{color:var(--muted)}
.unit{font-weight:400;font-size:.82rem;color:var(--muted)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;vertical-align:-.05em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:18px 22px;margin:.4rem 0 1rem}
figure.chart{margin:0;min-width:0}
figure.chart.wide{grid-column:1/-1}
.svg-wrap svg{display:block;width:100%;height:auto;max-width:100%;border:1px solid #ececec;border-radius:4px}
figcaption{font-size:.88rem;color:var(--muted);margin-top:.35rem;max-width:70ch}
footer{margin-top:2.5rem;border-top:1px solid var(--line);padding-top:.8rem;color:var(--muted);font-size:.88rem}
footer ul{padding-left:1.2rem}
@media (max-width:700px){.page{padding:12px}.charts{grid-template-columns:1fr}}
@media print{h2{break-before:page}figure{break-inside:avoid}}
`
  .trim()
  .replace(/\n/g, '');
