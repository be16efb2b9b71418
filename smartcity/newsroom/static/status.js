// The status bar of the editor: after "Terbitkan", the site is built and swapped in by
// `invoke publish` on the newsroom server; this bar says when the article is live (with its
// address), or why it is not (the publish's own message), and stays until the writer closes it.

// A publish takes seconds: the bar asks four times a second, so that it says "live" within a
// quarter of a second of the swap (a request to the newsroom's own server, while a publish runs).
const POLL_MS = 250;

export class PublishStatus {
  constructor(element) {
    this.element = element;
    this.seenRun = null;
    this.timer = null;
  }

  async read() {
    const response = await fetch("/api/redaksi/status", { cache: "no-store" });
    return (await response.json()).publish;
  }

  // On opening the editor: show a publish that is still running.
  async resume() {
    const state = await this.read();
    this.seenRun = state.run;
    if (state.phase === "menerbitkan") this.follow();
  }

  // After a publish in the editor: poll until the newsroom's publish ends.
  follow() {
    clearTimeout(this.timer);
    this.show("menerbitkan", "Menerbitkan ke situs…", []);
    const poll = async () => {
      const state = await this.read().catch(() => null);
      if (state && state.phase !== "menerbitkan" && state.run !== this.seenRun) {
        this.seenRun = state.run;
        this.report(state);
        return;
      }
      this.timer = setTimeout(poll, POLL_MS);
    };
    this.timer = setTimeout(poll, POLL_MS);
  }

  report(state) {
    const titles = state.articles.map((article) => `“${article.title}”`).join(", ");
    if (state.phase === "tayang") {
      const links = state.articles.flatMap((article) => [
        { href: `${state.site_url}/${article.url}`, text: "Buka di situs" },
        { href: `/${article.url}`, text: "Lihat di pratinjau" },
      ]);
      this.show("tayang", `Sudah tayang di situs${titles ? `: ${titles}` : ""} (${state.seconds.toLocaleString("id-ID")} detik, rilis ${state.release}).`, links);
    } else {
      this.show("gagal", `Belum tayang${titles ? `: ${titles}` : ""}. ${state.message}`, []);
    }
  }

  show(phase, text, links) {
    const element = this.element;
    element.hidden = false;
    element.className = `status-redaksi is-${phase}`;
    element.replaceChildren();
    const message = document.createElement("p");
    message.className = "status-redaksi__pesan";
    message.textContent = text;
    element.append(message);
    for (const link of links) {
      const anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.textContent = link.text;
      element.append(anchor);
    }
    if (phase !== "menerbitkan") {
      const close = document.createElement("button");
      close.type = "button";
      close.className = "status-redaksi__tutup";
      close.textContent = "Tutup";
      close.addEventListener("click", () => { element.hidden = true; });
      element.append(close);
    }
  }
}
