// The search page: Pagefind queries whose words and filters live in the URL
// (?q=...&wilayah=...&provinsi=...&kohort=...&tahun=...&urut=relevan), so a result list can be
// bookmarked, shared and restored with the back button. No inline script: works under a strict CSP.
//
// Bytes matter on slow networks: Pagefind is loaded only when a search is wanted, filter options
// come with the page (with total counts), and the filter data for per-result counts is fetched
// after the first results are on screen.

const FILTERS = ["wilayah", "provinsi", "kohort", "tahun"];
const PAGE_SIZE = 10;
const numbers = new Intl.NumberFormat("id-ID");

const form = document.getElementById("search");
const input = document.getElementById("search-q");
const order = document.getElementById("search-urut");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const selects = Object.fromEntries(FILTERS.map((name) => [name, form.querySelector(`[data-filter="${name}"]`)]));
// Every article page carries this word (as an attribute), so filters alone need one small index chunk.
const ALL_WORD = form.dataset.allWord;

let pagefindLoading = null;
let filterCounts = null;
let results = [];
let shown = 0;
let sequence = 0;

const PART = "bagian"; // the filter each part's pages carry (Pagefind's mergeFilter), never shown

function loadPagefind() {
  if (!pagefindLoading) {
    pagefindLoading = import(`${form.dataset.bundle}pagefind.js`).then(async (pagefind) => {
      await pagefind.options({ excerptLength: 24 });
      const others = (form.dataset.parts || "").split(" ").filter(Boolean);
      if (!others.length) return pagefind;
      // A large archive is indexed in parts (data-parts), each a span of dates, newest first. The
      // parts join the first one's Pagefind (one script, one wasm), each page marked with its part.
      await pagefind.options({ mergeFilter: { [PART]: "1" } });
      for (const [index, bundle] of others.entries()) {
        await pagefind.mergeIndex(bundle, { mergeFilter: { [PART]: String(index + 2) }, excerptLength: 24 });
      }
      return archiveInParts(pagefind, others.length + 1);
    });
  }
  return pagefindLoading;
}

// By relevance, Pagefind ranks the parts' results together (each part's scores as Pagefind
// computes them). In date order the parts follow each other, newest first: one search gives the
// count and the filter counts, and the results are asked for part by part as the list is shown.
function archiveInParts(pagefind, count) {
  return {
    async search(term, options) {
      const all = await pagefind.search(term, options);
      if (!all || !options.sort) return all;
      return { ...all, results: new PartResults(pagefind, term, options, count, all.results.length) };
    },
    filters: () => pagefind.filters(),
  };
}

class PartResults {
  constructor(pagefind, term, options, count, length) {
    Object.assign(this, { pagefind, term, options, count, length, found: [], next: 1 });
  }

  async slice(start, end) {
    while (this.found.length < Math.min(end, this.length) && this.next <= this.count) {
      const filters = { ...this.options.filters, [PART]: String(this.next++) };
      const part = await this.pagefind.search(this.term, { ...this.options, filters });
      this.found.push(...part.results);
    }
    return this.found.slice(start, end);
  }
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    if (params.get(name)) filters[name] = params.get(name);
  }
  return { q: (params.get("q") || "").trim(), filters, order: params.get("urut") === "relevan" ? "relevan" : "" };
}

function stateFromForm() {
  const filters = {};
  for (const name of FILTERS) {
    if (selects[name].value) filters[name] = selects[name].value;
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
    if (state.filters[name]) params.set(name, state.filters[name]);
  }
  if (state.order) params.set("urut", state.order);
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

function showState(state) {
  input.value = state.q;
  order.value = state.order;
  for (const name of FILTERS) {
    const value = state.filters[name] || "";
    if (value && ![...selects[name].options].some((option) => option.value === value)) {
      selects[name].append(new Option(value, value));
    }
    selects[name].value = value;
  }
}

// Option labels: "Kabupaten Sragen (3)". Counts are those of the current results when Pagefind
// has given them, the site's totals when nothing is searched, and left out while unknown.
function showCounts(counts, empty) {
  for (const name of FILTERS) {
    for (const option of [...selects[name].options].slice(1)) {
      let n = null;
      if (empty) n = Number(option.dataset.total || 0);
      else if (counts && counts[name]) n = counts[name][option.value] || 0;
      option.textContent = n === null ? option.value : `${option.value} (${numbers.format(n)})`;
    }
  }
}

function describe(state, count) {
  const parts = [];
  if (state.q) parts.push(`untuk “${state.q}”`);
  const chosen = FILTERS.filter((name) => state.filters[name]).map((name) => `${name} ${state.filters[name]}`);
  if (chosen.length) parts.push(`dengan saringan ${chosen.join(", ")}`);
  const found = count === 0 ? "Tidak ada berita yang cocok" : `${numbers.format(count)} berita ditemukan`;
  return `${found} ${parts.join(" ")}`.trim() + ".";
}

function clearResults() {
  results = [];
  shown = 0;
  list.replaceChildren();
  more.hidden = true;
}

async function run(state, historyMode) {
  const mine = ++sequence;
  const url = urlOf(state);
  if (historyMode === "push" && url !== location.pathname + location.search) {
    history.pushState(null, "", url);
  } else if (historyMode === "replace") {
    history.replaceState(null, "", url);
  }
  if (isEmpty(state)) {
    clearResults();
    showCounts(null, true);
    status.textContent = "Ketik kata yang dicari atau pilih saringan.";
    return;
  }
  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    status.textContent = "Pencarian tidak dapat dimuat. Muat ulang halaman, atau telusuri arsip dan daftar wilayah.";
    return;
  }
  const options = { filters: state.filters };
  if (state.order !== "relevan" || !state.q) options.sort = { date: "desc" };
  const search = await pagefind.search(state.q || ALL_WORD, options);
  if (mine !== sequence || !search) return;
  clearResults();
  results = search.results;
  showCounts(filterCounts ? search.filters : null, false);
  status.textContent = describe(state, results.length);
  await showMore(mine);
  if (!filterCounts) loadCounts(pagefind);
}

// After the first results: fetch the filter data once, then show per-result counts.
async function loadCounts(pagefind) {
  filterCounts = await pagefind.filters();
  const state = stateFromForm();
  if (isEmpty(state)) return;
  const options = { filters: state.filters };
  const search = await pagefind.search(state.q || ALL_WORD, options);
  if (search) showCounts(search.filters, false);
}

// Pagefind marks matches with <mark>; everything else becomes text, never markup.
function excerptNodes(excerpt) {
  const nodes = [];
  for (const part of excerpt.split(/(<mark>.*?<\/mark>)/)) {
    const marked = part.match(/^<mark>(.*)<\/mark>$/);
    const text = decodeEntities(marked ? marked[1] : part);
    if (!text) continue;
    if (marked && text.replace(/\W/g, "") === ALL_WORD) continue;
    if (marked) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

function decodeEntities(text) {
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

async function showMore(mine) {
  const batch = await results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== sequence) return null;
  const items = data.map(card);
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= results.length;
  return items[0] || null;
}

function start() {
  input.addEventListener("focus", () => loadPagefind().catch(() => {}), { once: true });
  input.addEventListener("input", () => run(stateFromForm(), "replace"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(stateFromForm(), "push");
  });
  for (const select of [...Object.values(selects), order]) {
    select.addEventListener("change", () => run(stateFromForm(), "push"));
  }
  more.addEventListener("click", async () => {
    const first = await showMore(sequence);
    if (first) first.querySelector("a").focus();
  });
  window.addEventListener("popstate", () => {
    const restored = stateFromUrl();
    showState(restored);
    run(restored, null);
  });
  const state = stateFromUrl();
  showState(state);
  run(state, null).then(() => {
    document.documentElement.dataset.search = "ready";
  });
}

start();
