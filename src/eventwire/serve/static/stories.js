/* eventwire dashboard, stories page: every story, largest first, with its independent sources. */
"use strict";

(() => {
  const { el } = EW;
  const content = document.getElementById("content");

  function draw(stories, total, truncated) {
    document.title = "eventwire: stories";
    const rows = stories.map((s) => el("tr", { "data-story": s.story_id },
      el("td", { dir: "auto" }, EW.storyLink(s.story_id, s.title || s.story_id)),
      el("td", { class: "num" }, EW.fmtNumber(s.n_articles)),
      el("td", { class: "num" }, EW.fmtNumber(s.independent_sources)),
      el("td", null, EW.fmtTime(s.first_published)),
      el("td", null, EW.fmtTime(s.last_published))));
    content.replaceChildren(
      EW.jsonTwin("/api/stories"),
      el("h1", null, "Stories ", el("span", { class: "muted" }, `${EW.fmtNumber(total)}`)),
      el("p", { class: "muted" },
        "Articles grouped by what they report; a wire story and its reprints count as one " +
        "independent source."),
      el("table", { id: "stories" },
        el("thead", null, el("tr", null, el("th", null, "Story"), el("th", null, "Articles"),
          el("th", null, "Independent sources"), el("th", null, "First published"),
          el("th", null, "Last published"))),
        el("tbody", null, ...rows)),
      truncated ? el("p", { class: "muted" }, `Showing the ${stories.length} largest.`) : null,
    );
    document.body.dataset.ready = "1";
  }

  async function main() {
    try {
      const { items, total, truncated } = await EW.getAll("/api/stories", { limit: 500 }, 4);
      draw(items, total, truncated);
    } catch (error) {
      EW.showError(content, error);
    }
  }

  main();
})();
