// Pelican's article files for Decap CMS: `Key: value` header lines, a blank line, Markdown.
//
// Read by the same rules as smartcity/metadata.py (Python-Markdown's meta extension):
// an optional `---` fence, `Key: value` lines, continuation lines indented by four spaces,
// the header ending at the first blank line. An article read and written back unchanged is
// the same bytes: every header line the writer did not change is kept as it was (spacing,
// order, unknown fields, line endings). A new article is written as `invoke new` writes it
// (smartcity/articlefile.py): every field in the form's order, a blank line, the body.

const META_RE = /^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
const MORE_RE = /^ {4,}(.*)$/;
const BEGIN_RE = /^-{3}(\s.*)?$/;
const END_RE = /^(-{3}|\.{3})(\s.*)?$/;
const KEPT = "__pelican"; // the file's own layout, kept in the entry's data

export function splitList(value) {
  return String(value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
}

// One header value on one line, as smartcity.articlefile.format_value writes it.
export function formatValue(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(formatValue).filter(Boolean).join(", ");
  return String(value).split(/\s+/).filter(Boolean).join(" ");
}

export function headerKey(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function splitLines(text) {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines = [];
  for (let i = 0; i < parts.length; i += 2) lines.push({ text: parts[i], eol: parts[i + 1] ?? "" });
  if (lines.length && lines[lines.length - 1].text === "" && lines[lines.length - 1].eol === "") lines.pop();
  return lines;
}

// The header of `text`: its lines, its fields (with the lines each spans) and where the body starts.
export function readHeader(text) {
  const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
  const lines = splitLines(text.slice(bom.length));
  const fields = [];
  let i = 0;
  const fenced = lines.length > 0 && BEGIN_RE.test(lines[0].text);
  if (fenced) i = 1;
  let current = null;
  for (; i < lines.length; i++) {
    const line = lines[i].text;
    if (fenced && END_RE.test(line)) { i++; break; }
    if (line.trim() === "") { i++; break; }
    const meta = META_RE.exec(line);
    if (meta) {
      const name = meta[1].toLowerCase();
      const earlier = fields.find((f) => f.name === name);
      if (earlier) {
        earlier.value = `${earlier.value}, ${meta[2].trim()}`;
        earlier.spans.push([i, i]);
        current = earlier;
      } else {
        current = { name, key: meta[1], value: meta[2].trim(), spans: [[i, i]] };
        fields.push(current);
      }
      continue;
    }
    const more = MORE_RE.exec(line);
    if (more && current) {
      current.value = `${current.value} ${more[1].trim()}`.trim();
      current.spans[current.spans.length - 1][1] = i;
      continue;
    }
    break;
  }
  const body = lines.slice(i).map((l) => l.text + l.eol).join("");
  return { bom, lines, fields, bodyStart: i, body };
}

export function pelicanFormat({ listFields = [], skipFields = [] } = {}) {
  const lists = new Set(listFields);
  const skipped = new Set(skipFields);
  const editable = (name) => name !== "body" && !name.startsWith("__") && !skipped.has(name);
  const typed = (name, value) => (lists.has(name) ? splitList(value) : value);
  const same = (name, a, b) => formatValue(typed(name, a)) === formatValue(b);

  function fromFile(text) {
    const header = readHeader(text);
    const data = {};
    for (const field of header.fields) {
      if (editable(field.name)) data[field.name] = typed(field.name, field.value);
    }
    data.body = header.body;
    data[KEPT] = {
      bom: header.bom,
      lines: header.lines.slice(0, header.bodyStart),
      fields: header.fields.map(({ name, key, value, spans }) => ({ name, key, value, spans })),
      body: header.body,
    };
    return data;
  }

  function writeNew(data, sortedKeys) {
    const names = (sortedKeys && sortedKeys.length ? sortedKeys : Object.keys(data)).filter(editable);
    const lines = names.map((name) => `${headerKey(name)}: ${formatValue(data[name])}`.trimEnd());
    const body = String(data.body ?? "").replace(/^\n+|\n+$/g, "");
    return `${lines.join("\n")}\n\n${body}\n`;
  }

  function writeKept(data, kept, sortedKeys) {
    const out = [];
    const eol = kept.lines.find((l) => l.eol)?.eol || "\n";
    const known = new Set(kept.fields.map((f) => f.name));
    const starts = new Map();
    for (const field of kept.fields) field.spans.forEach(([from, to], n) => starts.set(from, { field, to, n }));
    let lastFieldLine = -1;
    for (const field of kept.fields) lastFieldLine = Math.max(lastFieldLine, ...field.spans.map(([, to]) => to));
    const added = (sortedKeys || []).filter((name) => editable(name) && !known.has(name) && formatValue(data[name]));
    const addedLines = added.map((name) => `${headerKey(name)}: ${formatValue(data[name])}${eol}`);
    if (lastFieldLine < 0 && addedLines.length) {
      out.push(...addedLines);
      if (!kept.lines.length) out.push(eol); // a file with no header yet: the blank line before the body
    }
    for (let i = 0; i < kept.lines.length; i++) {
      const start = starts.get(i);
      if (start) {
        const { field, to, n } = start;
        const changed = editable(field.name) && !same(field.name, field.value, data[field.name]);
        if (!changed) {
          for (let j = i; j <= to; j++) out.push(kept.lines[j].text + kept.lines[j].eol);
        } else if (n === 0) {
          out.push(`${field.key}: ${formatValue(data[field.name])}`.trimEnd() + (kept.lines[to].eol || eol));
        }
        if (to >= lastFieldLine && lastFieldLine >= 0) out.push(...addedLines);
        i = to;
        continue;
      }
      out.push(kept.lines[i].text + kept.lines[i].eol);
    }
    const body = data.body === kept.body ? kept.body : String(data.body ?? "");
    return kept.bom + out.join("") + body;
  }

  function toFile(data, sortedKeys) {
    const kept = data[KEPT];
    return kept ? writeKept(data, kept, sortedKeys) : writeNew(data, sortedKeys);
  }

  return { fromFile, toFile };
}
