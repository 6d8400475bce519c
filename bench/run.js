// npm run bench: every scenario, then a Markdown table (figures, machine, date) in
// bench/results.md and between the bench markers of README.md. Loopback only; bounded in time.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { format, resolveConfig } from 'prettier';
import { benchCalls } from './calls.bench.js';
import { benchPipeline } from './pipeline.bench.js';
import { benchTeamMetrics } from './team-metrics.bench.mjs';
import { benchWebhooks } from './webhooks.bench.js';

// `npm run bench -- <key>` runs one scenario and prints its rows without writing them.
const scenarios = [
  ['calls', 'Calls', benchCalls],
  ['pipeline', 'Call pipeline', benchPipeline],
  ['team-metrics', 'Team metrics', benchTeamMetrics],
  ['webhooks', 'Webhook fan-out', benchWebhooks],
];
const only = process.argv[2];
const rows = [];
for (const [key, name, run] of scenarios) {
  if (only && only !== key) continue;
  console.log(`Running ${name}…`);
  rows.push([`**${name}**`, ''], ...(await run()));
}
const machine = `${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const readme = new URL('../README.md', import.meta.url);
// Formatted as `npm run lint` expects, since the README carries the same text.
const table = await format(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
    '',
    '| Scenario | Result |',
    '| --- | --- |',
    // Markdown trims cells: leading spaces (sub-rows) become non-breaking ones to stay visible.
    ...rows.map(([k, v]) => `| ${k.replace(/^ +/, (s) => '&nbsp;'.repeat(s.length))} | ${v} |`),
  ].join('\n'),
  { ...(await resolveConfig(readme)), parser: 'markdown' },
);
// Only a full run replaces the published figures; a single scenario is just printed.
if (!only) {
  writeFileSync(new URL('./results.md', import.meta.url), table);
  const text = readFileSync(readme, 'utf8');
  const markers = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
  if (markers.test(text)) {
    writeFileSync(
      readme,
      text.replace(markers, (_, start, end) => `${start}\n${table}\n${end}`),
    );
  }
}
console.log(table);
