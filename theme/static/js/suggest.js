// The regions and provinces a filter link may name by code, other name or short name, from the
// names file the build writes (cari/saran.json: regions and provinces with a page, their other
// names and codes). Loaded by search.js only when a filter value is none of the page's options.

// Lower case, accents and punctuation away: "Kab. Sragen" and "kab sragen" meet.
export function words(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
}

export function key(text) {
  return words(text).join("");
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
  data.entries = list;
  return list;
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
