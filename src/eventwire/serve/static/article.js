/* eventwire dashboard, article page: provenance sentence by sentence, quotes, places, claims. */
"use strict";

(() => {
  const { el } = EW;
  const content = document.getElementById("content");

  /** Spans of article offsets that fall inside a sentence, as sentence offsets. */
  function spansIn(sentence, items, startKey, endKey, cls, titleOf) {
    const out = [];
    const s0 = Number(sentence.start);
    const s1 = Number(sentence.end);
    for (const item of items) {
      const a = Number(item[startKey]);
      const b = Number(item[endKey]);
      if (!Number.isFinite(a) || !Number.isFinite(b) || a < s0 || b > s1 || b <= a) continue;
      out.push({ start: a - s0, end: b - s0, cls, title: titleOf(item) });
    }
    return out;
  }

  function drawSentences(article) {
    const sentences = article.sentences || [];
    const quotes = article.quotes || [];
    const places = article.places || [];
    const mentions = article.event_mentions || [];
    return el("ol", { class: "sentences", start: 0, id: "sentences" }, ...sentences.map((s) => {
      const spans = [
        ...spansIn(s, mentions, "trigger_start", "trigger_end", "trigger",
          (m) => `${m.plover_type || "event"}${m.plover_mode ? ` (${m.plover_mode})` : ""}`),
        ...spansIn(s, quotes, "speaker_start", "speaker_end", "speaker",
          (q) => `speaker: ${q.speaker || q.speaker_text || "unresolved"}`),
        ...spansIn(s, places, "start", "end", "place",
          (p) => `place: ${[p.name, p.admin1, p.country].filter(Boolean).join(", ")}`),
      ];
      const donors = s.donors || [];
      return el("li", { class: `st-${EW.token(s.status)}`, value: s.index ?? null },
        el("span", { class: "sentence", dir: "auto" }, EW.highlight(s.text, spans)),
        s.status && s.status !== "short" ? EW.badge(String(s.status),
          s.status === "copied" ? "copy" : s.status === "original" ? "original" : "") : null,
        donors.length ? el("span", { class: "donors" }, "from ", ...donors.flatMap((d, i) => [
          i ? "; " : "",
          EW.articleLink(d.article_id, `${d.outlet || d.article_id}`),
          ` ${EW.fmtTime(d.published)}`,
          d.similarity !== undefined && d.similarity !== null
            ? el("span", { class: "muted" }, ` (${Math.round(d.similarity * 100)}% similar)`)
            : null])) : null,
        ...(s.flags || []).map((f) => EW.badge(String(typeof f === "string" ? f : f.code),
          "flag")));
    }));
  }

  function drawQuotes(quotes) {
    if (!quotes.length) return el("p", { class: "muted" }, "No quotes.");
    return el("table", { id: "quotes" },
      el("thead", null, el("tr", null, ...["Speaker", "Role", "Kind", "Quote"]
        .map((h) => el("th", null, h)))),
      el("tbody", null, ...quotes.map((q) => {
        const resolved = q.resolved !== false && (q.speaker || q.speaker_text);
        return el("tr", { class: resolved ? null : "unresolved" },
          el("td", null, resolved ? EW.dataText(q.speaker || q.speaker_text)
            : [EW.badge("unresolved", "unresolved"),
              q.speaker_text ? EW.dataText(` ${q.speaker_text}`) : null]),
          el("td", null, EW.dataText(q.speaker_role)),
          el("td", null, EW.dataText(q.kind)),
          el("td", null, EW.dataText(q.content)));
      })));
  }

  function drawPlaces(places) {
    if (!places.length) return el("p", { class: "muted" }, "No places.");
    return el("table", { id: "places" },
      el("thead", null, el("tr", null, ...["Text", "Place", "Admin 1", "Country",
        "Coordinates", "Precision"].map((h) => el("th", null, h)))),
      el("tbody", null, ...places.map((p) => el("tr", null,
        el("td", null, EW.dataText(p.text)),
        el("td", null, EW.dataText(p.name)),
        el("td", null, EW.dataText(p.admin1)),
        el("td", null, EW.dataText(p.country)),
        el("td", null, Number.isFinite(p.lat) ? `${p.lat}, ${p.lon}` : ""),
        el("td", null, EW.dataText(p.precision))))));
  }

  function drawClaims(mentions) {
    if (!mentions.length) return el("p", { class: "muted" }, "No event mentions.");
    return el("table", { id: "claims" },
      el("thead", null, el("tr", null, ...["Type", "Status", "Actor", "Target", "Place", "Date",
        "Figures", "Said by", "Event"].map((h) => el("th", null, h)))),
      el("tbody", null, ...mentions.map((m) => {
        const figures = [["killed", m.killed_best], ["injured", m.injured_best],
          ["displaced", m.displaced_best]].filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => `${k} ${EW.fmtNumber(v)}`).join(", ");
        return el("tr", null,
          el("td", null, EW.dataText([m.plover_type, m.plover_mode].filter(Boolean).join(" "))),
          el("td", null, EW.dataText(m.status)),
          el("td", null, EW.dataText(m.actor)),
          el("td", null, EW.dataText(m.target)),
          el("td", null, EW.dataText(m.place_name)),
          el("td", null, EW.dataText(m.date)),
          el("td", null, figures),
          el("td", null, EW.dataText(m.speaker)),
          el("td", null, m.event_id ? EW.eventLink(m.event_id) : ""));
      })));
  }

  function draw(article, apiPath) {
    const title = article.title || article.article_id;
    document.title = `eventwire: ${title}`;
    const relations = article.relations || [];
    const flags = article.flags || [];
    const earliest = article.earliest_source;
    content.replaceChildren(
      EW.jsonTwin(apiPath),
      el("h1", { dir: "auto" }, String(title)),
      EW.fields([
        ["Article id", article.article_id],
        ["Outlet", article.outlet],
        ["Published", EW.fmtTime(article.published)],
        ["URL", article.url ? EW.externalLink(article.url) : null],
        ["Provenance", article.kind ? EW.badge(String(article.kind), "copy")
          : EW.badge("original", "original")],
        ["Copied share", article.copied_share !== null && article.copied_share !== undefined
          ? `${Math.round(Number(article.copied_share) * 100)}%` : null],
        ["Headline", article.headline_supported === false
          ? EW.badge("headline-unsupported", "flag")
          : article.headline_supported === true ? "supported by the text" : null],
        ["Story", article.story_id ? EW.storyLink(article.story_id) : null],
        ["Earliest source", earliest && earliest.article_id && earliest.article_id !==
          article.article_id ? el("span", null, EW.articleLink(earliest.article_id,
            earliest.outlet || earliest.article_id), ` ${EW.fmtTime(earliest.published)}`)
          : null],
        ["Copies", relations.length ? el("span", { id: "relations" }, ...relations.flatMap((r, i) =>
          [i ? "; " : "", EW.articleLink(r.donor_id, r.outlet || r.donor_id),
            ` ${EW.fmtTime(r.published)} (${r.kind || "copy"})`])) : null],
        ["Flags", flags.length ? el("span", null, ...flags.map((f) => el("span",
          { title: typeof f === "string" ? null : f.detail || null },
          EW.badge(String(typeof f === "string" ? f : f.code), "flag")))) : null],
      ]),
      el("h2", null, "Text, sentence by sentence, with the earlier articles each one is found in"),
      el("p", { class: "legend" }, el("mark", { class: "trigger" }, "event trigger"),
        el("mark", { class: "speaker" }, "speaker"), el("mark", { class: "place" }, "place"),
        EW.badge("copied", "copy")),
      drawSentences(article),
      el("h2", null, `Quotes (${(article.quotes || []).length})`),
      drawQuotes(article.quotes || []),
      el("h2", null, `Places (${(article.places || []).length})`),
      drawPlaces(article.places || []),
      el("h2", null, `Claims: event mentions (${(article.event_mentions || []).length})`),
      drawClaims(article.event_mentions || []),
    );
  }

  EW.showDetail("article", "/api/articles", draw);
})();
