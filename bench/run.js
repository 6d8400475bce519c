// npm run bench: every scenario, then a Markdown table (figures, machine, date) in
// bench/results.md, which the README quotes. Loopback only; bounded in time.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchCalls } from './calls.bench.js';

const scenarios = [['Calls', benchCalls]];
const only = process.argv[2];
const rows = [];
for (const [name, run] of scenarios) {
  if (only && only !== name.toLowerCase()) continue;
  console.log(`Running ${name}…`);
  rows.push([`**${name}**`, ''], ...(await run()));
}
const machine = `${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
  '',
  '| Scenario | Result |',
  '| --- | --- |',
  ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  '',
].join('\n');
writeFileSync(new URL('./results.md', import.meta.url), table);
console.log(table);
