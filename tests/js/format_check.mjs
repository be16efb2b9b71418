// Runs the editor's Pelican format (smartcity/newsroom/static/pelican-format.js) for the tests:
// reads {"options", "read": [{name, text}], "write": [{values, body, sortedKeys}]} as JSON on stdin,
// prints {"read": [{name, fields, roundTrip}], "write": [text]} as JSON on stdout.
import { pelicanFormat, readHeader } from "../../smartcity/newsroom/static/pelican-format.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const format = pelicanFormat(job.options);
const read = (job.read || []).map(({ name, text }) => {
  const header = readHeader(text);
  return {
    name,
    fields: Object.fromEntries(header.fields.map((f) => [f.name, f.value])),
    roundTrip: format.toFile(format.fromFile(text), job.sortedKeys),
    edited: job.edit ? format.toFile({ ...format.fromFile(text), ...job.edit }, job.sortedKeys) : null,
  };
});
const write = (job.write || []).map(({ values, body, sortedKeys }) => format.toFile({ ...values, body }, sortedKeys));
process.stdout.write(JSON.stringify({ read, write }));
