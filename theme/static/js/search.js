// The search page: Pagefind queries whose words and filters live in the URL
// (?q=...&wilayah=...&provinsi=...&kohort=...&tahun=...&urut=relevan), so a result list can be
// bookmarked, shared and restored with the back button. No inline script: works under a strict CSP.
//
// Filter links may name a region or province by slug, Kemendagri code or name
// (?wilayah=kabupaten-sragen, ?wilayah=33.14, ?wilayah=Kabupaten+Sragen); the page answers with
// the slug in its address. Several values of one filter are an OR (either region), different
// filters an AND.
//
// Bytes matter on slow networks. Pagefind is loaded only when a search is wanted, and in one
// thread (its worker is one more script to fetch). A large archive is indexed in parts, each a
// span of dates, newest first: a search reads the newest part, and older parts only when it needs
// more results (the reader asks for more, or for the whole archive), in either order.
// Filter counts are computed when the reader turns to the filters. A small file the build writes
// (cari/saran.json: places' names and codes, the index's frequent words) is loaded only when a
// filter link names a region by code or other name, or a search finds little or finds it only
// through shorter words: corrections ("Mungkin maksud Anda") come from it.

const FILTERS = ["wilayah", "provinsi", "kohort", "tahun"];
const FEW = 2;  // a search finding this many or fewer offers corrections
const MANY = "__banyak";  // the value of a select showing several chosen values
// Weights of Pagefind's searchable metadata: "terms" (a region's names, province and rounds) makes
// a region's own articles rank first; the shown region names and the date add nothing more.
const RANKING = { metaWeights: { terms: 4, wilayah: 0, date: 0 } };
const numbers = new Intl.NumberFormat("id-ID");
const longDate = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

const form = document.getElementById("search");
const input = document.getElementById("search-q");
const order = document.getElementById("search-urut");
const status = document.getElementById("search-status");
const suggestion = document.getElementById("search-suggest");
const everything = document.getElementById("search-everything");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const chosen = document.getElementById("search-chosen");
const fieldset = form.querySelector(".search__filters");
const selects = Object.fromEntries(FILTERS.map((name) => [name, form.querySelector(`[data-filter="${name}"]`)]));
// Every article page carries this word (as an attribute), so filters alone need one small index chunk.
const ALL_WORD = form.dataset.allWord;
const PAGE_SIZE = Number(form.dataset.pageSize) || 5;
const BUNDLES = (form.dataset.parts || form.dataset.bundle).split(" ").filter(Boolean);
const SINCE = (form.dataset.since || "").split(" ").filter(Boolean);

let archive = null;
let suggestions = null;  // the corrections module with the suggestions file, once asked for
let current = null;  // the state on screen
let query = null;  // its search, part by part
let shown = 0;
let sequence = 0;
let countsWanted = false;

// --- the index, part by part ---------------------------------------------------------------

class Archive {
  constructor(module) {
    this.module = module;
    this.parts = [];
    this.late = null;  // part number -> words that came after it was made, read before an older part is asked
  }

  // Part i's results for ``term``; a part that answers nothing for a word that came after it was
  // made (late-words.js) is not asked, but counted with no result.
  async search(i, term, options) {
    const part = await this.part(i);
    if (i > 0) {
      if (!this.late) {
        this.late = Promise.all([import("./late-words.js"), fetch(`${BUNDLES[0]}kata-baru.json`)
          .then((response) => (response.ok ? response.json() : {})).catch(() => ({}))]);
      }
      const [rule, late] = await this.late;
      if (rule.answersNothing(late[String(i + 1)], term)) return part.search(ALL_WORD, { filters: NOTHING });
    }
    return part.search(term, options);
  }

  // Part i's Pagefind, made when first needed; the first is ready before any other starts, as
  // they share its WebAssembly (the build points every part at the first part's file).
  async part(i) {
    if (!this.parts[i]) {
      const ready = i === 0 ? Promise.resolve() : this.part(0);
      this.parts[i] = ready.then(async () => {
        const instance = this.module.createInstance({
          basePath: BUNDLES[i], noWorker: true, excerptLength: 24, ranking: RANKING,
        });
        // init() returns before the part is loaded; a search waits until its WebAssembly and
        // metadata are (an empty one then stops, loading nothing more). Two parts loading the
        // WebAssembly at once would each make their own, and one would read the other's memory.
        await instance.search("");
        return instance;
      });
    }
    return this.parts[i];
  }
}

function loadArchive() {
  if (!archive) {
    archive = import(`${form.dataset.bundle}pagefind.js`).then(async (module) => {
      const loaded = new Archive(module);
      await loaded.part(0);
      return loaded;
    });
    archive.catch(() => { archive = null; });
  }
  return archive;
}

// One search (words, filters, order) over the parts it has read so far.
class Query {
  constructor(loaded, state) {
    this.archive = loaded;
    this.term = state.q || ALL_WORD;
    this.byDate = state.order !== "relevan" || !state.q;
    this.filters = pagefindFilters(state.filters);
    this.read = 0;
    this.results = [];
  }

  get complete() {
    return this.read === BUNDLES.length;
  }

  options(filters) {
    return this.byDate ? { filters, sort: { date: "desc" } } : { filters };
  }

  // Reads parts, newest first, until ``wanted`` results are known or every part is read: one part,
  // then two at once, then four... (on a slow network each part costs round trips; at most twice
  // the parts needed are read). By date, an older part's results follow; by relevance, they are
  // ranked with the results not yet shown (the first ``shown`` stay where the reader saw them).
  async extend(wanted, shown = 0) {
    let batch = 1;
    while (!this.complete && this.results.length < wanted) {
      const next = BUNDLES.slice(this.read, this.read + batch).map((_, i) => this.read + i);
      const found = await Promise.all(next.map((i) => this.archive.search(i, this.term, this.options(this.filters))));
      const results = found.flatMap((f) => f.results);
      if (this.byDate) {
        this.results.push(...results);
      } else {
        const rest = [...this.results.slice(shown), ...results].sort((a, b) => b.score - a.score);
        this.results = [...this.results.slice(0, shown), ...rest];
      }
      this.read += next.length;
      batch *= 2;
    }
  }

  // Counts for each filter's options, true for the whole archive: for a filter with chosen values,
  // what choosing another value instead would give (the search without that filter); for the
  // others, how many of these results have the value.
  async counts(state) {
    if (!this.complete) return null;
    const parts = await Promise.all(BUNDLES.map((_, i) => this.archive.part(i)));
    await Promise.all(parts.map((part) => part.filters()));
    const counts = {};
    const add = (name, values) => {
      counts[name] = counts[name] || {};
      for (const [value, n] of Object.entries(values || {})) counts[name][value] = (counts[name][value] || 0) + n;
    };
    for (const [i, part] of parts.entries()) {
      const all = await this.archive.search(i, this.term, { filters: this.filters });
      for (const name of FILTERS) if (!(state.filters[name] || []).length) add(name, all.filters[name]);
      for (const name of FILTERS) {
        if (!(state.filters[name] || []).length) continue;
        const others = { ...state.filters };
        delete others[name];
        const without = await this.archive.search(i, this.term, { filters: pagefindFilters(others) });
        add(name, without.filters[name]);
      }
    }
    return counts;
  }
}

// Each part of a large archive holds a page of the archive's words its articles lack (so a word
// missing from one part finds nothing there, rather than pages of a shorter word): never a result.
const GUARD = BUNDLES.length > 1 ? { none: { kosakata: "ya" } } : {};
// A search that finds nothing in a part, with the part's filter values (counted 0).
const NOTHING = { kosakata: "ya", none: { kosakata: "ya" } };

function pagefindFilters(filters) {
  const out = { ...GUARD };
  for (const [name, values] of Object.entries(filters)) {
    if (values.length === 1) out[name] = values[0];
    else if (values.length > 1) out[name] = { any: values };
  }
  return out;
}

// --- state and address ------------------------------------------------------------------------

function valuesOf(text) {
  return text.split(",").map((value) => value.trim()).filter(Boolean);
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = [...new Set(params.getAll(name).flatMap(valuesOf))];
    if (values.length) filters[name] = values;
  }
  return { q: (params.get("q") || "").trim(), filters, order: params.get("urut") === "relevan" ? "relevan" : "" };
}

function stateFromForm() {
  const filters = {};
  for (const name of FILTERS) {
    const value = selects[name].value;
    if (value === MANY) filters[name] = current.filters[name];
    else if (value) filters[name] = [value];
  }
  return { q: input.value.trim(), filters, order: order.value };
}

function isEmpty(state) {
  return !state.q && Object.keys(state.filters).length === 0;
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) {
    for (const value of state.filters[name] || []) params.append(name, value);
  }
  if (state.order) params.set("urut", state.order);
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

function optionFor(name, value) {
  return [...selects[name].options].find((option) => option.value === value);
}

function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

// The option a filter value names: by its value (slug, year) or its name, in any case and spacing.
function fromOptions(name, value) {
  const folded = fold(value);
  for (const option of selects[name].options) {
    if (!option.value || option.value === MANY || option.dataset.unknown !== undefined) continue;
    if (option.value === value || fold(option.value) === folded || fold(option.dataset.name || "") === folded) {
      return option.value;
    }
  }
  return null;
}

const placeNames = {};  // names of regions and provinces met in the suggestions file, by slug

function nameOf(name, value) {
  const option = optionFor(name, value);
  return (option && option.dataset.unknown === undefined && option.dataset.name) || placeNames[value] || value;
}

// Values as the index holds them (slugs, years): a value written another way is looked up among
// the options first, then in the suggestions file (codes, other names, regions without news).
// Returns the canonical state and the values nothing matched.
async function canonical(state) {
  const filters = {};
  const unknown = [];
  for (const [name, values] of Object.entries(state.filters)) {
    const found = [];
    for (const value of values) {
      let resolved = fromOptions(name, value);
      if (resolved === null && (name === "wilayah" || name === "provinsi")) {
        const helpers = await loadSuggestions();
        if (helpers) resolved = helpers.resolveFilter(name, value, helpers.data);
        const place = resolved && [...helpers.data.regions, ...helpers.data.provinces].find((p) => p.slug === resolved);
        if (place) placeNames[resolved] = place.name;
      }
      if (resolved === null) {
        unknown.push({ name, value });
        resolved = value;
      }
      if (!found.includes(resolved)) found.push(resolved);
    }
    filters[name] = found;
  }
  return { state: { ...state, filters }, unknown };
}

// The corrections module and the suggestions file, fetched together the first time either is needed.
function loadSuggestions() {
  if (!suggestions) {
    const data = fetch(form.dataset.suggestions).then((response) => {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    });
    suggestions = Promise.all([import("./suggest.js"), data]).then(([module, loaded]) => ({ ...module, data: loaded }));
    suggestions.catch(() => { suggestions = null; });
  }
  return suggestions.catch(() => null);
}

// --- the form ---------------------------------------------------------------------------------

function showState(state) {
  if (input.value.trim() !== state.q) input.value = state.q;  // not while typing "nota " (its space)
  order.value = state.order;
  for (const name of FILTERS) {
    const values = state.filters[name] || [];
    const select = selects[name];
    select.querySelector(`option[value="${MANY}"]`)?.remove();
    for (const value of values) {
      if (!optionFor(name, value)) {  // a region without news, or a value nothing matched
        const option = new Option(nameOf(name, value), value);
        option.dataset.unknown = "";
        select.append(option);
      }
    }
    if (values.length > 1) {
      const many = new Option(`${numbers.format(values.length)} ${name} dipilih`, MANY);
      many.hidden = true;
      select.prepend(many);
    }
    select.value = values.length > 1 ? MANY : values[0] || "";
  }
  showChosen(state);
}

// The chosen filter values, each a button that removes it.
function showChosen(state) {
  const items = [];
  for (const name of FILTERS) {
    for (const value of state.filters[name] || []) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `${nameOf(name, value)} ×`;
      button.setAttribute("aria-label", `Hapus saringan ${name} ${nameOf(name, value)}`);
      button.addEventListener("click", () => {
        const filters = { ...current.filters, [name]: current.filters[name].filter((v) => v !== value) };
        if (!filters[name].length) delete filters[name];
        const next = { ...current, filters };
        showState(next);
        run(next, "push");
      });
      item.append(button);
      items.push(item);
    }
  }
  chosen.querySelector("ul").replaceChildren(...items);
  chosen.hidden = items.length === 0;
}

// Option labels: "Kabupaten Sragen (3)". The site's totals when nothing is searched, the counts
// of the whole archive for this search once known, the bare name while unknown.
function showCounts(counts, empty) {
  for (const name of FILTERS) {
    for (const option of [...selects[name].options].slice(1)) {
      if (option.value === MANY) continue;
      const label = option.dataset.unknown === undefined ? option.dataset.name : placeNames[option.value] || option.value;
      let n = null;
      if (empty) n = option.dataset.total === undefined ? null : Number(option.dataset.total);
      else if (counts && counts[name]) n = counts[name][option.value] || 0;
      option.textContent = n === null ? label : `${label} (${numbers.format(n)})`;
    }
  }
}

function describe(state, count, since) {
  const parts = [];
  if (state.q) parts.push(`untuk “${state.q}”`);
  const named = FILTERS.filter((name) => (state.filters[name] || []).length).map((name) =>
    `${name} ${state.filters[name].map((value) => nameOf(name, value)).join(" atau ")}`);
  if (named.length) parts.push(`dengan saringan ${named.join(", ")}`);
  let found = count === 0 ? "Tidak ada berita yang cocok" : `${numbers.format(count)} berita ditemukan`;
  if (since) found += ` sejak ${since}`;
  const text = `${found} ${parts.join(" ")}`.trim() + ".";
  return since ? `${text} Berita yang lebih lama belum ditelusuri.` : text;
}

function sinceDate(read) {
  const date = SINCE[read - 1];
  return date ? longDate.format(new Date(`${date}T00:00:00Z`)) : "";
}

function clearResults() {
  shown = 0;
  list.replaceChildren();
  more.hidden = true;
  everything.hidden = true;
  suggestion.hidden = true;
  suggestion.replaceChildren();
}

// --- searching --------------------------------------------------------------------------------

async function run(requested, historyMode) {
  const mine = ++sequence;
  const { state, unknown } = await canonical(requested);
  if (mine !== sequence) return;
  current = state;
  const url = urlOf(state);
  if (historyMode === "push" && url !== location.pathname + location.search) {
    history.pushState(null, "", url);
  } else if (historyMode !== "push" && url !== location.pathname + location.search) {
    history.replaceState(null, "", url);  // the canonical form of what was asked
  }
  showState(state);
  if (isEmpty(state)) {
    query = null;
    clearResults();
    showCounts(null, true);
    status.textContent = "Ketik kata yang dicari atau pilih saringan.";
    return;
  }
  let loaded;
  try {
    loaded = await loadArchive();
  } catch (error) {
    status.textContent = "Pencarian tidak dapat dimuat. Muat ulang halaman, atau telusuri arsip dan daftar wilayah.";
    return;
  }
  if (mine !== sequence) return;
  const search = new Query(loaded, state);
  await search.extend(PAGE_SIZE);
  if (mine !== sequence) return;
  query = search;
  clearResults();
  showCounts(null, false);
  showStatus(state, search);
  const shownData = await showMore(mine);
  if (mine !== sequence) return;
  const count = search.results.length;
  const few = search.complete && count <= FEW;
  const unmatched = state.q && count && shownData ? unmatchedWords(state.q, shownData.data) : [];
  if (unknown.length || (state.q && few) || unmatched.length) {
    await offerCorrections(state, unknown, mine, { few, near: count > 0 });
  }
  if (countsWanted) await updateCounts(mine);
}

function showStatus(state, search) {
  const since = search.complete ? "" : sinceDate(search.read);
  status.textContent = describe(state, search.results.length, since);
  everything.hidden = search.complete;
  if (!search.complete) everything.textContent = `Telusuri juga berita sebelum ${since}`;
}

async function updateCounts(mine) {
  const search = query;
  if (!search) return;
  const counts = await search.counts(current);
  if (mine === sequence && counts) showCounts(counts, false);
}

// Words of the search that no shown result has (nor a word beginning with it): Pagefind then
// matched a shorter word the typed one begins with ("klatenn" finds "klaten", "tngah" finds "t...").
function unmatchedWords(text, shown) {
  const seen = new Set();
  for (const data of shown) {
    const words = (data.content || "").split(/[\r\n\s]+/g);
    for (const location of data.locations || []) seen.add(fold(words[location] || ""));
    for (const value of Object.values(data.meta || {})) for (const word of value.split(/\s+/)) seen.add(fold(word));
  }
  const found = [...seen].filter(Boolean);
  return text.split(/\s+/).map(fold).filter((word) => word.length > 2 && !found.some((w) => w.startsWith(word)));
}

// "Mungkin maksud Anda": corrected searches (and a region's page), ranked by edit distance.
// ``few``: the search found little (a rare word may be a slip for a frequent one); ``near``: it
// found articles (through stems, or words merely beginning like the typed ones): only what is one
// edit away is offered.
async function offerCorrections(state, unknown, mine, { few = true, near = false } = {}) {
  const helpers = await loadSuggestions();
  if (!helpers || mine !== sequence) return;
  const { suggest, data } = helpers;
  const nodes = [];
  for (const { name, value } of unknown) {
    const text = document.createElement("span");
    text.textContent = `${name === "wilayah" ? "Wilayah" : name === "provinsi" ? "Provinsi" : "Nilai"} “${value}” tidak dikenal. `;
    nodes.push(text);
    const [best] = suggest(value, data, { only: name }).filter((s) => s.filter);
    if (best) {
      const filters = { ...state.filters, [name]: state.filters[name].map((v) => (v === value ? best.filter.value : v)) };
      nodes.push(...offer([{ ...best, state: { ...state, filters } }]));
    }
  }
  if (state.q) {
    const found = suggest(state.q, data, { few, near }).slice(0, 3).map((s) => ({ ...s, state: { ...state, q: s.query } }));
    if (found.length) nodes.push(...offer(found));
  }
  if (!nodes.length) return;
  suggestion.replaceChildren(...nodes);
  suggestion.hidden = false;
}

function offer(found) {
  const nodes = [document.createTextNode("Mungkin maksud Anda: ")];
  found.forEach((item, i) => {
    if (i) nodes.push(document.createTextNode(" atau "));
    const link = document.createElement("a");
    link.href = urlOf(item.state);
    link.textContent = item.label;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showState(item.state);
      run(item.state, "push");
    });
    nodes.push(link);
    const page = item.region || item.province;  // the place's own page
    if (page) {
      const place = document.createElement("a");
      place.href = page.url;
      place.textContent = `halaman ${page.name}`;
      nodes.push(document.createTextNode(" ("), place, document.createTextNode(")"));
    }
  });
  nodes.push(document.createTextNode(". "));
  return nodes;
}

// Pagefind marks matches with <mark>; everything else becomes text, never markup.
function excerptNodes(excerpt) {
  const nodes = [];
  for (const part of excerpt.split(/(<mark>.*?<\/mark>)/)) {
    const marked = part.match(/^<mark>(.*)<\/mark>$/);
    const text = decodeEntities(marked ? marked[1] : part);
    if (!text) continue;
    if (text.replace(/\W/g, "") === ALL_WORD) continue;
    if (marked) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text.replace(new RegExp(`^\\s*${ALL_WORD}\\.?\\s*`), "")));
    }
  }
  return nodes;
}

function decodeEntities(text) {
  if (!text.includes("&")) return text;
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${text.replace(/</g, "&lt;")}`, "text/html");
  return doc.body.textContent;
}

function card(data) {
  const item = document.createElement("li");
  const article = document.createElement("article");
  article.className = "card";
  const heading = document.createElement("h2");
  heading.className = "card__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "card__meta";
  meta.textContent = [data.meta.date, data.meta.wilayah].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "card__summary";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  article.append(heading, meta, excerpt);
  item.append(article);
  return item;
}

// The next page of results: reads older parts first when the parts read so far are exhausted.
async function showMore(mine) {
  const search = query;
  if (!search.complete && search.results.length < shown + PAGE_SIZE) {
    more.disabled = true;
    await search.extend(shown + PAGE_SIZE, shown);
    more.disabled = false;
    if (mine !== sequence) return null;
    showStatus(current, search);
  }
  const batch = search.results.slice(shown, shown + PAGE_SIZE);
  const loading = batch.map((result) => result.data());  // all at once, shown in order as they come
  const items = [];
  const data = [];
  for (const next of loading) {
    const one = await next;
    if (mine !== sequence) return null;
    items.push(card(one));
    data.push(one);
    list.append(items[items.length - 1]);
  }
  shown += batch.length;
  more.hidden = shown >= search.results.length && search.complete;
  return { first: items[0] || null, data };
}

// While typing, a last word of one letter would make Pagefind read every chunk of words with
// that letter: wait for the next one.
function stillTyping(text) {
  return /(^|\s)\S$/u.test(text) && text.trim().length > 0;
}

function start() {
  input.addEventListener("focus", () => loadArchive().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    if (!stillTyping(input.value)) run(stateFromForm(), "replace");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(stateFromForm(), "push");
  });
  for (const select of [...Object.values(selects), order]) {
    select.addEventListener("change", () => run(stateFromForm(), "push"));
  }
  const wantCounts = () => {
    if (countsWanted) return;
    countsWanted = true;
    if (query) updateCounts(sequence);
  };
  for (const type of ["focusin", "pointerenter", "touchstart"]) {
    fieldset.addEventListener(type, wantCounts, { once: true, passive: true });
  }
  more.addEventListener("click", async () => {
    const page = await showMore(sequence);
    if (page && page.first) page.first.querySelector("a").focus();
  });
  everything.addEventListener("click", async () => {
    const mine = sequence;
    const search = query;
    everything.disabled = true;
    await search.extend(Infinity, shown);
    everything.disabled = false;
    if (mine !== sequence) return;
    showStatus(current, search);
    more.hidden = shown >= search.results.length;
    if (search.results.length <= FEW && current.q) await offerCorrections(current, [], mine, { few: true });
    if (countsWanted) await updateCounts(mine);
  });
  window.addEventListener("popstate", () => run(stateFromUrl(), null));
  run(stateFromUrl(), "replace").then(() => {
    document.documentElement.dataset.search = "ready";
  });
}

start();
