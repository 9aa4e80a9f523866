// After the end-to-end run: the app's diagnostic log exists, records each GP Connect request
// with its Ssp-TraceID, and holds no NHS number, patient name, request body or key material.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const data = process.env.XDG_DATA_HOME ?? path.join(process.env.HOME, '.local/share');
const dir = path.join(data, 'uk.nhs.gpconnect.booking', 'logs');
const files = readdirSync(dir).map((f) => path.join(dir, f));
const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
const problems = [];
if (!/GP Connect request/.test(text) || !/trace_id=[0-9a-f-]{36}/.test(text)) {
  problems.push('no request with its trace ID was logged');
}
// Every NHS number of the demo seed, bare and grouped, and the names of the test patients.
const seed = JSON.parse(readFileSync('ui/test/fixtures/demo-seed.json', 'utf8'));
const forbidden = ['PRIVATE KEY', 'BEGIN CERTIFICATE', 'resourceType', 'DAWES', 'Minnie', 'Dawes'];
for (const patient of seed.patients) {
  const n = patient.nhsNumber;
  forbidden.push(n, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`);
}
for (const needle of forbidden) {
  if (text.includes(needle)) problems.push(`the log contains ${needle}`);
}
if (problems.length > 0) {
  console.error(`log scan of ${files.join(', ')}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`log scan: ${files.length} file(s), ${text.split('\n').length} lines, nothing forbidden`);
