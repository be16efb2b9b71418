// The editor's backend: Decap's own proxy backend (to decap-server through the newsroom),
// which asks whether every article it opens is under review. decap-server answers "404 Not
// Found" for the published ones, and the browser reports each such answer as an error. The
// list of articles under review is one request away, so an article not on it is not asked for.
const NOT_UNDER_REVIEW = "EDITORIAL_WORKFLOW_ERROR"; // Decap's EditorialWorkflowError

export function newsroomBackend(CMS) {
  return class NewsroomBackend {
    constructor(...args) {
      const proxy = CMS.getBackend("proxy").init(...args);
      const ask = proxy.unpublishedEntry.bind(proxy);
      proxy.unpublishedEntry = async (args) => {
        const key = args.id || `${args.collection}/${args.slug}`;
        const underReview = await proxy.unpublishedEntries();
        if (!underReview.includes(key)) {
          throw Object.assign(new Error("content is not under editorial workflow"),
                              { name: NOT_UNDER_REVIEW, notUnderEditorialWorkflow: true });
        }
        return ask(args);
      };
      return proxy;
    }
  };
}
