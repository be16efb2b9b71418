// The newsroom's own form widgets for Decap CMS, written with the React helpers Decap puts on
// window (createClass, h):
//   wilayah      regions, chosen from what the build's own resolver finds (a misspelled name
//                cannot be chosen), with province and programme rounds beside each name;
//   kohort       cohorts, only for programme-wide articles (otherwise derived from the regions);
//   ringkasan    the summary, with the editorial length limit counted as one types;
//   alt-foto     the photo's alternative text, required when there is a photo;
//   pemeriksaan  the same one-line problems `invoke check` prints, for the article as it stands;
//                an error there stops the save.

const h = window.h;
const createClass = window.createClass;

export function asArray(value) {
  if (value === null || value === undefined || value === "") return [];
  if (typeof value.toJS === "function") return value.toJS();
  if (Array.isArray(value)) return value;
  return String(value).split(",").map((item) => item.trim()).filter(Boolean);
}

// The article as it stands now (Decap's `entry` prop is kept only for old widgets and is stale).
function current(props) {
  const entry = props.getEntry ? props.getEntry() : props.entry;
  return entry && entry.get("data") ? entry : null;
}

const dataOf = (entry) => (entry ? entry.get("data").toJS() : {});

// Decap re-renders a widget only when its own value changes; widgets that depend on other
// fields look at the article a few times a second (its data is immutable: a change is a new object).
function followEntry(component, onChange) {
  let seen = null;
  const look = () => {
    const entry = current(component.props);
    const data = entry && entry.get("data");
    if (data !== seen) {
      seen = data;
      onChange(entry);
    }
  };
  look();
  return setInterval(look, 300);
}

function roundsText(rounds) {
  if (!rounds || !rounds.length) return "bukan peserta program";
  return rounds.map((round) => `${round.label} (keyakinan ${round.confidence})`).join(", ");
}

async function findRegions(text) {
  const response = await fetch(`/api/redaksi/wilayah?q=${encodeURIComponent(text)}`);
  return (await response.json()).results;
}

// Region details by name, for the chips of regions already chosen (kept for the session).
const known = new Map();
async function regionByName(name) {
  if (!known.has(name)) {
    known.set(name, findRegions(name).then((results) => results.find((r) => r.name === name && r.how === "tepat") || null));
  }
  return known.get(name);
}

const Regions = createClass({
  getInitialState() {
    return { text: "", results: [], active: -1, open: false, details: {}, searched: "" };
  },
  componentDidMount() {
    this.loadDetails();
  },
  componentDidUpdate(previous) {
    if (previous.value !== this.props.value) this.loadDetails();
  },
  componentWillUnmount() {
    clearTimeout(this.timer);
  },
  chosen() {
    return asArray(this.props.value);
  },
  async loadDetails() {
    for (const name of this.chosen()) {
      if (this.state.details[name] !== undefined) continue;
      const region = await regionByName(name);
      this.setState((state) => ({ details: { ...state.details, [name]: region } }));
    }
  },
  isValid() {
    const data = dataOf(current(this.props));
    if (!this.chosen().length && !asArray(data.cohort).length) {
      return { error: { type: "CUSTOM", message: "Pilih wilayah, atau isi kohort bila berita ini tentang seluruh program." } };
    }
    const unknown = this.chosen().filter((name) => this.state.details[name] === null);
    if (unknown.length) {
      return { error: { type: "CUSTOM", message: `Wilayah tidak dikenal: ${unknown.join(", ")}. Hapus lalu pilih dari daftar.` } };
    }
    return true;
  },
  search(text) {
    this.setState({ text, open: Boolean(text.trim()) });
    clearTimeout(this.timer);
    if (!text.trim()) return this.setState({ results: [], active: -1 });
    this.timer = setTimeout(async () => {
      const results = await findRegions(text);
      if (this.state.text === text) this.setState({ results, active: results.length ? 0 : -1, searched: text });
    }, 120);
  },
  choose(region) {
    if (!region) return;
    const names = this.chosen();
    if (!names.includes(region.name)) this.props.onChange([...names, region.name]);
    known.set(region.name, Promise.resolve(region));
    this.setState((state) => ({ text: "", results: [], open: false, active: -1,
                                details: { ...state.details, [region.name]: region } }));
  },
  remove(name) {
    this.props.onChange(this.chosen().filter((item) => item !== name));
  },
  onKeyDown(event) {
    const { results, active } = this.state;
    if (event.key === "ArrowDown" && results.length) {
      event.preventDefault();
      this.setState({ active: (active + 1) % results.length, open: true });
    } else if (event.key === "ArrowUp" && results.length) {
      event.preventDefault();
      this.setState({ active: (active - 1 + results.length) % results.length });
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (results[active] && results[active].how !== "mirip") this.choose(results[active]);
    } else if (event.key === "Escape") {
      this.setState({ open: false });
    }
  },
  render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    const { text, results, active, open, details, searched } = this.state;
    const listId = `${forID}-pilihan`;
    const guesses = results.length > 0 && results.every((r) => r.how === "mirip");
    const option = (region, index) => h("li", {
      key: region.code, id: `${listId}-${index}`, role: "option", "aria-selected": index === active,
      className: `wilayah-pilihan__butir${index === active ? " is-aktif" : ""}`,
      onMouseDown: (event) => { event.preventDefault(); this.choose(region); },
    },
      h("span", { className: "wilayah-pilihan__nama" }, region.name,
        region.alias ? h("span", { className: "wilayah-pilihan__alias" }, ` (${region.alias})`) : null),
      h("span", { className: "wilayah-pilihan__keterangan" },
        `${region.province} · ${region.code} · ${roundsText(region.rounds)}`));
    return h("div", { className: `${classNameWrapper} wilayah` },
      h("ul", { className: "wilayah__terpilih", "aria-label": "Wilayah terpilih" },
        this.chosen().map((name) => {
          const region = details[name];
          return h("li", { key: name, className: `wilayah__chip${region === null ? " is-salah" : ""}` },
            h("span", { className: "wilayah__chip-nama" }, name),
            region ? h("span", { className: "wilayah__chip-keterangan" }, ` · ${region.province} · ${roundsText(region.rounds)}`) : null,
            region === null ? h("span", { className: "wilayah__chip-keterangan" }, " · tidak dikenal") : null,
            h("button", { type: "button", className: "wilayah__hapus", onClick: () => this.remove(name),
                          "aria-label": `Hapus ${name}` }, "×"));
        })),
      h("input", {
        id: forID, type: "text", value: text, autoComplete: "off", role: "combobox",
        className: "wilayah__cari", "aria-expanded": open && results.length > 0, "aria-controls": listId,
        "aria-autocomplete": "list", "aria-activedescendant": open && active >= 0 ? `${listId}-${active}` : undefined,
        placeholder: "Ketik nama kabupaten/kota, nama lain (Solo) atau kode (33.14)",
        onChange: (event) => this.search(event.target.value), onKeyDown: this.onKeyDown,
        onFocus: setActiveStyle, onBlur: () => { setInactiveStyle(); this.setState({ open: false }); },
      }),
      open && text.trim() && searched === text && !results.length
        ? h("p", { className: "wilayah__pesan", role: "alert" }, `Tidak ada wilayah bernama “${text}”.`) : null,
      open && guesses ? h("p", { className: "wilayah__pesan", role: "alert" },
        `Tidak ada wilayah bernama “${text}”. Mungkin maksud Anda:`) : null,
      open && results.length ? h("ul", { id: listId, role: "listbox", className: "wilayah-pilihan" },
        results.map(option)) : null);
  },
});

const RegionsPreview = createClass({
  render() {
    return h("p", null, asArray(this.props.value).join(", "));
  },
});

const makeCohorts = (newsroom) => createClass({
  getInitialState() {
    return { derived: [], regions: [] };
  },
  componentDidMount() {
    this.watch = followEntry(this, (entry) => {
      const regions = asArray(dataOf(entry).regions);
      if (regions.join("|") !== this.state.regions.join("|")) this.setState({ regions }, () => this.derive());
    });
  },
  componentWillUnmount() { clearInterval(this.watch); },
  regions() {
    return this.state.regions;
  },
  async derive() {
    const names = this.regions();
    const key = names.join("|");
    if (key === this.derivedFor) return;
    this.derivedFor = key;
    const regions = await Promise.all(names.map(regionByName));
    const years = [...new Set(regions.flatMap((r) => (r ? r.rounds.map((round) => round.year) : [])))].sort();
    if (this.derivedFor === key) this.setState({ derived: years });
  },
  toggle(year, on) {
    const given = asArray(this.props.value).map(String);
    const next = on ? [...new Set([...given, String(year)])] : given.filter((item) => item !== String(year));
    this.props.onChange(next.sort());
  },
  render() {
    const { forID, classNameWrapper } = this.props;
    const given = asArray(this.props.value).map(String);
    if (this.regions().length && !given.length) {
      const derived = this.state.derived;
      return h("p", { id: forID, className: `${classNameWrapper} kohort__turunan` },
        derived.length ? `Diambil dari wilayahnya: ${derived.map((y) => `Kohort ${y}`).join(", ")}.`
                       : "Wilayah yang dipilih bukan peserta program; kohort tidak diisi.");
    }
    return h("fieldset", { id: forID, className: `${classNameWrapper} kohort` },
      h("legend", { className: "kohort__judul" }, "Kohort program"),
      this.regions().length ? h("p", { className: "kohort__turunan" },
        "Berita ini punya wilayah, jadi kohortnya diambil dari wilayah itu; kohort yang dicentang harus cocok, "
        + "atau kosongkan semuanya.") : null,
      newsroom.cohorts.map((cohort) => h("label", { key: cohort.year, className: "kohort__pilihan", title: cohort.name },
        h("input", { type: "checkbox", checked: given.includes(String(cohort.year)),
                     onChange: (event) => this.toggle(cohort.year, event.target.checked) }),
        ` ${cohort.label}`)));
  },
});

const Summary = createClass({
  render() {
    const { forID, value, onChange, classNameWrapper, setActiveStyle, setInactiveStyle, field } = this.props;
    const text = value || "";
    const limit = field.get("max");
    const over = text.length > limit;
    return h("div", { className: "ringkasan" },
      h("textarea", { id: forID, className: classNameWrapper, value: text, rows: 3,
                      "aria-describedby": `${forID}-hitung`,
                      onChange: (event) => onChange(event.target.value.replace(/\s*\n\s*/g, " ")),
                      onFocus: setActiveStyle, onBlur: setInactiveStyle }),
      h("p", { id: `${forID}-hitung`, className: `ringkasan__hitung${over ? " is-lebih" : ""}`, "aria-live": "polite" },
        over ? `${text.length}/${limit} karakter: terlalu panjang, kartu berbagi memotongnya.`
             : `${text.length}/${limit} karakter`));
  },
});

const Alt = createClass({
  isValid() {
    const data = dataOf(current(this.props));
    if (data.image && !String(this.props.value || "").trim()) {
      return { error: { type: "CUSTOM", message: "Teks alternatif wajib diisi bila ada foto." } };
    }
    return true;
  },
  render() {
    const { forID, value, onChange, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    return h("input", { id: forID, type: "text", className: classNameWrapper, value: value || "",
                        onChange: (event) => onChange(event.target.value), onFocus: setActiveStyle, onBlur: setInactiveStyle });
  },
});

function makeChecks(serialize) {
  return createClass({
    getInitialState() {
      return { problems: null, checkedRaw: null, failed: false, busy: true };
    },
    componentDidMount() { this.watch = followEntry(this, () => this.schedule()); },
    componentWillUnmount() { clearTimeout(this.timer); clearInterval(this.watch); },
    request() {
      const entry = current(this.props);
      const data = dataOf(entry);
      return { path: (entry && entry.get("path")) || null, raw: serialize(data), photos: data.image ? [data.image] : [] };
    },
    schedule() {
      clearTimeout(this.timer);
      if (!this.state.busy) this.setState({ busy: true });
      this.timer = setTimeout(() => this.check(), 300);
    },
    // A photo chosen in this form and not saved yet is checked as the server will check it
    // on saving (not a photo, too large, a format the site cannot show), so the writer hears
    // of it now. A photo already saved was checked then.
    async photoProblems(data) {
      if (!data.image || !this.props.getAsset) return [];
      const asset = await this.props.getAsset(data.image);
      const file = asset && asset.fileObj;
      if (!file) return [];
      const key = `${data.image}|${file.size}|${file.lastModified}`;
      if (this.photoKey !== key) {
        const content = await new Promise((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file);
        });
        const answer = await fetch("/api/redaksi/periksa-foto", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ path: data.image, content }),
        }).then((response) => response.json());
        this.photoKey = key;
        this.photoFound = answer.problems;
      }
      return this.photoFound;
    },
    async check() {
      const request = this.request();
      if (request.raw === this.state.checkedRaw) {
        if (this.state.busy) this.setState({ busy: false });
        return this.state.problems;
      }
      try {
        const [answer, photo] = await Promise.all([
          fetch("/api/redaksi/periksa", {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
          }).then((response) => response.json()),
          this.photoProblems(dataOf(current(this.props))),
        ]);
        const problems = [...photo, ...answer.problems];
        // The article changed while it was checked (or a later check answered first): what is
        // shown is the check of the article as it is now, never an older answer.
        if (this.request().raw !== request.raw) return this.check();
        this.setState({ problems, checkedRaw: request.raw, failed: false, busy: false });
        return problems;
      } catch (error) {
        this.setState({ failed: true, busy: false });
        return [];
      }
    },
    errorOf(problems) {
      const error = (problems || []).find((problem) => problem.severity === "error");
      return error ? { error: { type: "CUSTOM", message: error.line } } : true;
    },
    // Decap drops a save when a widget answers with a promise ("sedang diproses"), so a writer
    // who clicks Simpan right after typing, before the panel has looked again, would lose the
    // click. The article not checked as it stands yet goes to the server, whose check on saving
    // is this same one and refuses it with the same line if it must; the panel catches up.
    isValid() {
      if (this.request().raw === this.state.checkedRaw) return this.errorOf(this.state.problems);
      this.schedule();
      return true;
    },
    render() {
      const { forID, classNameWrapper } = this.props;
      const { problems, failed } = this.state;
      let content;
      if (failed) content = h("p", { className: "periksa__pesan" }, "Pemeriksaan tidak dapat dijalankan: server ruang redaksi tidak menjawab.");
      else if (problems === null) content = h("p", { className: "periksa__pesan" }, "Memeriksa…");
      else if (!problems.length) content = h("p", { className: "periksa__pesan is-baik" }, "Tidak ada masalah.");
      else {
        content = h("ul", { className: "periksa__daftar" }, problems.map((problem, index) =>
          h("li", { key: index, className: `periksa__butir is-${problem.severity}` },
            h("code", null, problem.line))));
      }
      return h("div", { id: forID, className: `${classNameWrapper} periksa`, "aria-live": "polite",
                        "aria-busy": this.state.busy ? "true" : "false" }, content);
    },
  });
}

const Nothing = createClass({ render() { return null; } });

export function registerWidgets(CMS, { newsroom, serialize }) {
  CMS.registerWidget("wilayah", Regions, RegionsPreview);
  CMS.registerWidget("kohort", makeCohorts(newsroom), Nothing);
  CMS.registerWidget("ringkasan", Summary);
  CMS.registerWidget("alt-foto", Alt);
  CMS.registerWidget("pemeriksaan", makeChecks(serialize), Nothing);
}
