// The editor's preview pane: the article as the site shows it, with the site's own stylesheet
// and the markup of theme/templates/article.html (title, lead, date, photo with credit, body,
// regions), so writers see the page before it is saved.
import { asArray } from "./widgets.js";

const h = window.h;
const createClass = window.createClass;
const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                "Oktober", "November", "Desember"];

// "2019-05-15 14:00" -> "15 Mei 2019 14.00 WIB", as the site writes dates (Babel, id).
export function tanggal(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(String(value || ""));
  if (!match) return String(value || "");
  const [, year, month, day, hour, minute] = match;
  const date = `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
  return hour ? `${date} ${hour}.${minute} WIB` : date;
}

const ArticlePreview = createClass({
  render() {
    const { entry, widgetFor, getAsset } = this.props;
    const data = entry.get("data");
    const get = (name) => data.get(name) || "";
    const image = get("image");
    const imageUrl = image ? getAsset(image) : null;
    const regions = asArray(data.get("regions"));
    const cohorts = asArray(data.get("cohort"));
    const tags = asArray(data.get("tags"));
    return h("main", { className: "page page--article" },
      h("article", { className: "article" },
        h("header", { className: "article__header" },
          h("h1", null, get("title") || "(judul belum diisi)"),
          get("summary") ? h("p", { className: "article__lead" }, get("summary")) : null,
          h("p", { className: "article__meta" },
            h("time", null, tanggal(get("date"))),
            get("author") ? [h("br", { key: "br" }), `Oleh ${get("author")}`] : null),
          get("correction") ? h("p", { className: "correction", role: "note" }, h("strong", null, "Koreksi:"), ` ${get("correction")}`) : null),
        imageUrl ? h("figure", { className: "article__figure" },
          h("img", { src: imageUrl.toString(), alt: get("image_alt") }),
          get("image_caption") ? h("figcaption", null, get("image_caption")) : null) : null,
        h("div", { className: "article__body" }, widgetFor("body")),
        h("footer", { className: "article__footer" },
          h("dl", { className: "facts" },
            regions.length ? [h("dt", { key: "w" }, "Wilayah"), h("dd", { key: "wd" }, regions.join(", "))] : null,
            cohorts.length ? [h("dt", { key: "k" }, "Kohort"), h("dd", { key: "kd" }, cohorts.join(", "))] : null,
            tags.length ? [h("dt", { key: "t" }, "Topik"), h("dd", { key: "td" }, tags.join(", "))] : null,
            get("source") ? [h("dt", { key: "s" }, "Sumber"), h("dd", { key: "sd" }, get("source"))] : null))));
  },
});

export function registerPreview(CMS, newsroom) {
  CMS.registerPreviewStyle("/admin/tema/css/site.css");
  CMS.registerPreviewTemplate(newsroom.collection, ArticlePreview);
}
