// The newsroom editor: Decap CMS with the site's configuration (from the newsroom server,
// made from the Pelican settings), its Indonesian words, the Pelican article format, our
// widgets, the article preview and the publish status bar.
import phrases from "./locale-id.js";
import { pelicanFormat } from "./pelican-format.js";
import { registerWidgets } from "./widgets.js";
import { registerPreview } from "./preview.js";
import { PublishStatus } from "./status.js";
import { newsroomBackend } from "./backend.js";

const CMS = window.CMS;
const { cms, newsroom } = await (await fetch("config.json")).json();
const format = pelicanFormat(newsroom);
const fieldOrder = cms.collections[0].fields.map((field) => field.name);
const serialize = (data) => format.toFile(data, fieldOrder);
const status = new PublishStatus(document.getElementById("status-redaksi"));

CMS.registerLocale("id", phrases);
CMS.registerBackend("redaksi", newsroomBackend(CMS));
CMS.registerCustomFormat("pelican", "md", format);
registerWidgets(CMS, { newsroom, serialize });
registerPreview(CMS, newsroom);

// Publishing: the same check as a save, where a date in the future also stops it; then the
// status bar follows the site's publish until the article is live, or says why it is not.
CMS.registerEventListener({
  name: "prePublish",
  handler: async ({ entry }) => {
    const data = entry.get("data").toJS();
    const answer = await fetch("/api/redaksi/periksa", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: entry.get("path"), raw: serialize(data), publishing: true }),
    }).then((response) => response.json());
    const errors = answer.problems.filter((problem) => problem.severity === "error");
    if (errors.length) {
      const message = errors.map((problem) => problem.line).join("\n");
      const refusal = new Error(message);
      refusal.toString = () => message;
      throw refusal;
    }
  },
});
CMS.registerEventListener({ name: "postPublish", handler: () => status.follow() });

// When a field is wrong, Decap shows the message beside it and then stops the save by
// rejecting a promise with no reason; that rejection is not an error of the page.
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason === undefined) event.preventDefault();
});

CMS.init({ config: cms });
status.resume();
