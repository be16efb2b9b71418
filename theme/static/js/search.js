// The search page: Pagefind queries whose words and filters live in the URL
// (?q=...&wilayah=...&provinsi=...&kohort=...&tahun=...&urut=relevan), so a result list can be
// bookmarked, shared and restored with the back button. No inline script: works under a strict CSP.

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

let pagefind = null;
let allFilters = {};
let results = [];
let shown = 0;
let sequence = 0;

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
    ensureOption(selects[name], value);
    selects[name].value = value;
  }
}

function ensureOption(select, value) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.append(new Option(value, value));
  }
}

function sortedValues(name, counts) {
  const values = Object.keys(counts);
  if (name === "tahun") return values.sort().reverse();
  return values.sort((a, b) => a.localeCompare(b, "id"));
}

// Options list every value of the index; counts are those of the current results.
function showOptions(counts) {
  for (const name of FILTERS) {
    const select = selects[name];
    const chosen = select.value;
    const first = select.options[0];
    const options = sortedValues(name, allFilters[name] || {}).map((value) => {
      const n = counts && counts[name] ? counts[name][value] || 0 : allFilters[name][value];
      return new Option(`${value} (${numbers.format(n)})`, value);
    });
    select.replaceChildren(first, ...options);
    ensureOption(select, chosen);
    select.value = chosen;
  }
}

function describe(state, count) {
  const parts = [];
  if (state.q) parts.push(`untuk “${state.q}”`);
  const chosen = FILTERS.filter((name) => state.filters[name]).map((name) => `${name} ${state.filters[name]}`);
  if (chosen.length) parts.push(`dengan saringan ${chosen.join(", ")}`);
  const found = count === 0 ? "Tidak ada berita yang cocok" : `${numbers.format(count)} berita ditemukan`;
  return `${found} ${parts.join(" ")}.`.replace(" .", ".");
}

async function run(state, history_mode) {
  const mine = ++sequence;
  if (history_mode === "push" && urlOf(state) !== location.pathname + location.search) {
    history.pushState(null, "", urlOf(state));
  } else if (history_mode === "replace") {
    history.replaceState(null, "", urlOf(state));
  }
  const hasFilters = Object.keys(state.filters).length > 0;
  if (!state.q && !hasFilters) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    showOptions(null);
    status.textContent = "Ketik kata yang dicari atau pilih saringan.";
    return;
  }
  const options = { filters: state.filters };
  if (state.order !== "relevan" || !state.q) options.sort = { date: "desc" };
  const search = await pagefind.search(state.q || null, options);
  if (mine !== sequence || !search) return;
  results = search.results;
  shown = 0;
  list.replaceChildren();
  showOptions(search.filters);
  status.textContent = describe(state, results.length);
  await showMore(mine);
}

// Pagefind marks matches with <mark>; everything else becomes text, never markup.
function excerptNodes(excerpt) {
  const nodes = [];
  excerpt.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const match = part.match(/^<mark>(.*)<\/mark>$/);
    const text = decodeEntities(match ? match[1] : part);
    if (!text) return;
    if (match) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
  });
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
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== sequence) return null;
  const items = data.map(card);
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= results.length;
  return items[0] || null;
}

async function start() {
  try {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    await pagefind.options({ excerptLength: 24 });
    allFilters = await pagefind.filters();
  } catch (error) {
    status.textContent = "Pencarian tidak dapat dimuat. Muat ulang halaman, atau telusuri arsip dan daftar wilayah.";
    return;
  }
  const state = stateFromUrl();
  showOptions(null);
  showState(state);
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
  await run(state, null);
  document.documentElement.dataset.search = "ready";
}

start();
