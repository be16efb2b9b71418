// "Mungkin maksud Anda": corrections for a search that finds little, and the regions and
// provinces a filter link may name by code or another name. Loaded by search.js only when needed,
// with the suggestions file the build writes (cari/saran.json: regions and provinces with a page,
// their other names and codes, and the index's most frequent words with their article counts).
//
// Candidates are ranked by edit distance (optimal string alignment: Levenshtein with adjacent
// transpositions, the commonest typing slip), then by kind (a place before a plain word: readers
// type place names) and by how many articles they have.

const KINDS = { code: 0, region: 0, alias: 0, province: 1, word: 2 };
const MAX_SPAN = 3;  // words of the longest name matched (kabupaten gunung kidul)

// Lower case, accents and punctuation away: "Kab. Sragen" and "kab sragen" meet.
export function words(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
}

export function key(text) {
  return words(text).join("");
}

// Edits allowed between strings whose longer has ``length`` letters.
function allowed(length) {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

// Optimal string alignment distance, or limit + 1 as soon as it must exceed ``limit``.
export function distance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

function baseName(name) {
  return name.replace(/^(Kabupaten|Kota)( Administrasi)? /, "");
}

// Every name a reader may type, as {key (letters and digits only), kind, text to search, weight,
// and the region, province or filter value it stands for}.
function entries(data) {
  if (data.entries) return data.entries;
  const list = [];
  const bases = {};
  for (const region of data.regions) {
    const base = key(baseName(region.name));
    bases[base] = (bases[base] || 0) + 1;
  }
  for (const region of data.regions) {
    const place = { name: region.name, url: region.url };
    const common = { region: place, weight: region.articles, filter: { name: "wilayah", value: region.slug } };
    for (const name of new Set([region.name, region.short, baseName(region.name)])) {
      list.push({ key: key(name), span: words(name).length, kind: "region", text: region.name, label: region.name, ...common });
    }
    for (const alias of region.aliases) {
      list.push({ key: key(alias), span: words(alias).length, kind: "alias", text: alias,
                  label: `${alias} (${region.name})`, ...common });
    }
    list.push({ key: key(region.code), span: words(region.code).length, kind: "code", text: region.name, label: region.name,
                exact: true, ...common });
    region.unique = bases[key(baseName(region.name))] === 1;
  }
  for (const province of data.provinces) {
    const common = { province: { name: province.name, url: province.url }, weight: province.articles,
                     filter: { name: "provinsi", value: province.slug } };
    for (const name of new Set([province.name, `Provinsi ${province.name}`])) {
      list.push({ key: key(name), span: words(name).length, kind: "province", text: province.name, label: province.name, ...common });
    }
    list.push({ key: key(province.code), span: 1, kind: "code", text: province.name, label: province.name, exact: true, ...common });
  }
  for (const [word, count] of data.words) {
    list.push({ key: word, span: 1, kind: "word", text: word, label: word, weight: count });
  }
  data.entries = list;
  // Words that are no misspelling: the index's frequent words and every word of a name.
  data.known = new Set(list.flatMap((entry) => words(entry.label)));
  data.counts = new Map(data.words);
  return list;
}

function better(a, b) {
  return a.distance - b.distance || KINDS[a.entry.kind] - KINDS[b.entry.kind] || b.entry.weight - a.entry.weight;
}

// The closest entries to ``typed`` (several words, compared without spaces), best first.
function closest(typed, list, spanLength, limit = 3, strictest = Infinity) {
  const found = [];
  const seen = new Set();
  for (const entry of list) {
    if (spanLength && entry.span !== spanLength && !entry.exact) continue;
    const most = entry.exact ? 0 : Math.min(allowed(Math.max(entry.key.length, typed.length)), strictest);
    const d = entry.key === typed ? 0 : distance(typed, entry.key, most);
    if (d > most) continue;
    found.push({ entry, distance: d });
  }
  found.sort(better);
  const out = [];
  for (const item of found) {
    const label = item.entry.label;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push(item);
    if (out.length === limit) break;
  }
  return out;
}

// A region (or province) filter value written by code, other name or short name, as its slug;
// null when nothing matches.
export function resolveFilter(name, value, data) {
  const places = name === "wilayah" ? data.regions : data.provinces;
  if (places.some((place) => place.slug === value)) return value;
  const typed = key(value);
  for (const entry of entries(data)) {
    if (!entry.filter || entry.filter.name !== name || entry.key !== typed) continue;
    if (entry.kind === "region" && entry.key === key(baseName(entry.region.name)) &&
        !data.regions.find((r) => r.name === entry.region.name).unique) continue;  // "Bogor": which one?
    return entry.filter.value;
  }
  return null;
}

// Corrections of ``text``: up to three {label, query, region?, province?, filter?}, best first.
// ``only``: a filter name, to correct a filter value (the whole text, places of that filter only).
// ``few``: the search found little, so a rare word of the index (in two articles or fewer) may be
// a slip too, for a name or a word of five times as many articles.
// ``near``: only corrections one edit away (for a search that did find articles, through words
// that merely begin like the ones typed).
export function suggest(text, data, { only = null, few = false, near = false } = {}) {
  const list = entries(data);
  if (only) {
    return closest(key(text), list.filter((entry) => entry.filter && entry.filter.name === only), 0)
      .filter((item) => item.distance > 0 || item.entry.exact)
      .map(({ entry }) => ({ label: entry.label, query: entry.text, region: entry.region || null,
                             province: entry.province || null, filter: entry.filter }));
  }
  const tokens = words(text);
  // At each position, the longest span of words near a name, where some word is unknown: its
  // candidates, best first. A code (33.14) is taken only as the whole search.
  const spans = [];
  for (let i = 0; i < tokens.length;) {
    let chosen = null;
    for (let length = Math.min(MAX_SPAN, tokens.length - i); length >= 1 && !chosen; length--) {
      const span = tokens.slice(i, i + length);
      const unknown = span.some((word) => !data.known.has(word));
      const rare = few && span.every((word) => (data.counts.get(word) || 0) <= 2);
      const least = 5 * Math.max(1, ...span.map((word) => data.counts.get(word) || 0));
      const typed = span.join("");
      const candidates = closest(typed, list, length === 1 ? 1 : 0, 3, near ? 1 : Infinity)
        .filter((item) => (item.entry.exact ? length === tokens.length
          : item.distance > 0 && (unknown || (rare && item.entry.weight >= least))));
      if (candidates.length) chosen = { start: i, length, candidates };
    }
    if (chosen) {
      spans.push(chosen);
      i += chosen.length;
    } else {
      i += 1;
    }
  }
  if (!spans.length) return [];
  // The first corrected span gives the alternatives; the others take their best.
  const [first, ...rest] = spans;
  return first.candidates.map((candidate) => {
    const replaced = tokens.slice();
    const texts = new Map([[first.start, [first.length, candidate.entry.text]]]);
    for (const span of rest) texts.set(span.start, [span.length, span.candidates[0].entry.text]);
    const parts = [];
    for (let i = 0; i < replaced.length;) {
      if (texts.has(i)) {
        const [length, value] = texts.get(i);
        parts.push(value);
        i += length;
      } else {
        parts.push(replaced[i]);
        i += 1;
      }
    }
    const query = parts.join(" ");
    const { region = null, province = null, filter = null } = candidate.entry;
    return { label: query, query, region, province, filter };
  }).filter((item) => key(item.query) !== key(text));
}
