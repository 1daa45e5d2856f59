/* eventwire dashboard, story page: articles in time order, reprints, independent sources, flags. */
"use strict";

(() => {
  const { el } = EW;
  const content = document.getElementById("content");
  const FLAG_NOTES = {
    patchwork: "stitched together from several earlier articles",
    "attribution-stripped": "copies another outlet's text without naming it",
    "headline-unsupported": "the headline says something the text does not",
    copied: "most of the text is found in earlier articles",
  };

  function articleId(a) {
    return a.id ?? a.article_id;
  }

  function donorsOf(a) {
    if (Array.isArray(a.copies)) return a.copies;
    if (Array.isArray(a.donors)) return a.donors;
    return [];
  }

  function flagBadges(flags) {
    return (flags || []).map((f) => {
      const code = typeof f === "string" ? f : f.code;
      return EW.badge(String(code), "flag");
    });
  }

  function draw(story, apiPath) {
    const articles = story.articles || [];
    const byId = new Map(articles.map((a) => [articleId(a), a]));
    const label = (id) => {
      const a = byId.get(id);
      return a ? `${a.outlet || "unknown outlet"}, ${EW.fmtTime(a.published)}` : id;
    };
    document.title = `eventwire: ${story.title || story.story_id}`;
    const originals = articles.filter((a) => donorsOf(a).length === 0);
    const flagSummary = Object.entries(story.flags || {});

    const head = el("tr", null, ...["#", "Published", "Outlet", "Title", "Kind", "Reprint of",
      "Flags"].map((h) => el("th", null, h)));
    const rows = articles.map((a, i) => {
      const donors = donorsOf(a);
      const kind = a.provenance_kind || a.kind || (donors.length ? "copy" : "original");
      return el("tr", { class: donors.length ? "copy" : "original", "data-article": articleId(a) },
        el("td", { class: "num" }, String(i + 1)),
        el("td", null, EW.fmtTime(a.published)),
        el("td", null, EW.dataText(a.outlet || "unknown")),
        el("td", null, EW.articleLink(articleId(a), a.title || articleId(a)),
          a.url ? [" ", EW.externalLink(a.url, "↗")] : null),
        el("td", null, EW.badge(String(kind), donors.length ? "copy" : "original"),
          a.copied_share ? el("span", { class: "muted" },
            ` ${Math.round(Number(a.copied_share) * 100)}% copied`) : null),
        el("td", { class: "reprint-of" }, ...donors.flatMap((d, j) => [j ? ", " : "",
          EW.articleLink(d.donor_id ?? d.article_id, label(d.donor_id ?? d.article_id)),
          d.kind ? el("span", { class: "muted" }, ` (${d.kind})`) : null])),
        el("td", null, ...flagBadges(a.flags)));
    });

    const events = story.events || [];
    content.replaceChildren(
      EW.jsonTwin(apiPath),
      el("h1", { dir: "auto" }, story.title || story.story_id),
      EW.fields([
        ["Story id", story.story_id],
        ["Articles", EW.fmtNumber(story.n_articles ?? articles.length)],
        ["Independent sources", EW.fmtNumber(story.independent_sources)],
        ["First published", EW.fmtTime(story.first_published)],
        ["Last published", EW.fmtTime(story.last_published)],
        ["Situation report", el("span", { class: "report-links" },
          ...["html", "md", "pdf"].flatMap((fmt, i) => [i ? " · " : "", el("a", {
            href: `/api/report?story=${encodeURIComponent(story.story_id)}&format=${fmt}`,
          }, { html: "HTML", md: "Markdown", pdf: "PDF" }[fmt])]))],
        ["Flags", flagSummary.length ? el("span", null, ...flagSummary.map(([code, n]) =>
          el("span", { title: FLAG_NOTES[code] || null }, EW.badge(`${code} ×${n}`, "flag"))))
          : null],
      ]),
      el("h2", null, `Independent sources (${originals.length} originals)`),
      el("ul", { id: "originals" }, ...originals.map((a) => el("li", null,
        EW.articleLink(articleId(a), a.title || articleId(a)), " — ",
        EW.dataText(a.outlet || "unknown outlet"), ` ${EW.fmtTime(a.published)}`,
        ` · reprinted by ${articles.filter((b) => donorsOf(b)
          .some((d) => (d.donor_id ?? d.article_id) === articleId(a))).length}`))),
      el("h2", null, "Articles in time order"),
      el("table", { id: "story-articles" }, el("thead", null, head), el("tbody", null, ...rows)),
      el("p", { class: "legend" }, ...Object.entries(FLAG_NOTES).map(([code, note]) =>
        el("span", null, EW.badge(code, "flag"), note))),
      events.length ? el("h2", null, `Events (${events.length})`) : null,
      events.length ? el("ul", { id: "story-events" }, ...events.map((e) => el("li", null,
        EW.eventLink(e.event_id, [e.plover_type, e.plover_mode].filter(Boolean).join(" ") ||
          e.event_id), " ", EW.dataText([e.place_name, EW.dateRange(e.date_start, e.date_end)]
          .filter(Boolean).join(", ")),
        ` · ${EW.fmtNumber(e.independent_sources)} independent sources`))) : null,
    );
  }

  EW.showDetail("story", "/api/stories", draw);
})();
