// `npm run bench`: runs every benchmark in this folder in turn; each prints its figures and ratios.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, [`${here}/${file}`], { stdio: 'inherit', cwd: `${here}/..` });
  if (r.status !== 0) process.exitCode = 1;
}
