/* eventwire dashboard, event page: fields, each source's figures side by side, evidence. */
"use strict";

(() => {
  const { el } = EW;
  const content = document.getElementById("content");

  /** The trigger's offsets within the sentence (article offsets, or sentence offsets). */
  function triggerSpan(item) {
    const sentence = String(item.sentence ?? "");
    const trigger = item.trigger ? String(item.trigger) : "";
    const span = item.trigger_span;
    const base = item.sentence_span ? Number(item.sentence_span[0]) : 0;
    if (Array.isArray(span) && span.length === 2) {
      for (const shift of [base, 0]) {
        const start = Number(span[0]) - shift;
        const end = Number(span[1]) - shift;
        if (start >= 0 && end <= sentence.length && end > start &&
            (!trigger || sentence.slice(start, end) === trigger)) {
          return { start, end };
        }
      }
    }
    return EW.findText(sentence, trigger);
  }

  function numberSpans(sentence, figures) {
    const out = [];
    for (const [kind, value] of Object.entries(figures || {})) {
      const n = Number(value);
      if (!Number.isFinite(n)) continue;
      const re = new RegExp(`(^|[^0-9])(${Math.round(n).toLocaleString("en").replace(/,/g, ",?")})(?![0-9])`);
      const m = re.exec(sentence);
      if (m) {
        const start = m.index + m[1].length;
        out.push({ start, end: start + m[2].length, cls: "figure", title: `${kind}: ${n}` });
      }
    }
    return out;
  }

  /** A span the API gives in article offsets, as offsets within the sentence (or null). */
  function sentenceSpan(item, span) {
    if (!Array.isArray(span) || span.length !== 2 || !item.sentence_span) return null;
    const sentence = String(item.sentence ?? "");
    const base = Number(item.sentence_span[0]);
    const start = Number(span[0]) - base;
    const end = Number(span[1]) - base;
    return start >= 0 && end <= sentence.length && end > start ? { start, end } : null;
  }

  function sentenceNodes(group, event) {
    const sentence = String(group.sentence ?? "");
    const spans = [];
    const given = new Set();
    for (const item of group.items) {
      const t = triggerSpan(item);
      if (t) spans.push({ ...t, cls: "trigger", title: `trigger: ${item.trigger}` });
      // the claims the mention was read from, as the API locates them
      const claims = [["actor", item.actor_span, item.actor], ["target", item.target_span, item.target],
        ["place", item.place_span, event.place_name], ["date", item.date_span, item.date && item.date.start]];
      for (const [cls, span, text] of claims) {
        const found = sentenceSpan(item, span);
        if (found) {
          spans.push({ ...found, cls, title: `${cls}: ${text ?? ""}` });
          given.add(cls);
        }
      }
      for (const figure of item.figure_spans || []) {
        const found = sentenceSpan(item, figure.span);
        if (found) {
          spans.push({ ...found, cls: "figure", title: `${figure.kind}: ${item.figures?.[figure.kind] ?? ""}` });
          given.add("figure");
        }
      }
    }
    // what the API did not locate is looked for by its text
    const named = [["actor", event.actor], ["target", event.target],
      ["place", event.place_name], ["speaker", group.items[0].speaker]];
    for (const [cls, text] of named) {
      if (given.has(cls)) continue;
      const found = EW.findText(sentence, text);
      if (found) spans.push({ ...found, cls, title: `${cls}: ${text}` });
    }
    if (!given.has("figure")) spans.push(...numberSpans(sentence, group.items[0].figures));
    return EW.highlight(sentence, spans);
  }

  function groupEvidence(items) {
    const groups = [];
    const byKey = new Map();
    for (const item of items) {
      const key = `${item.article_id}|${JSON.stringify(item.sentence_span ?? item.sentence)}`;
      if (!byKey.has(key)) {
        const group = { sentence: item.sentence, items: [] };
        byKey.set(key, group);
        groups.push(group);
      }
      byKey.get(key).items.push(item);
    }
    return groups;
  }

  function drawEvidence(event, items) {
    const groups = groupEvidence(items);
    const listNode = el("ol", { class: "evidence", id: "evidence" });
    for (const group of groups) {
      const item = group.items[0];
      const copied = group.items.every((i) => i.copied);
      const earliest = group.items.some((i) => i.earliest);
      const meta = el("div", { class: "meta" },
        el("strong", null, EW.dataText(item.outlet || "unknown outlet")), " · ",
        EW.fmtTime(item.published), " · ",
        EW.articleLink(item.article_id, item.title || item.article_id),
        item.url ? [" · ", EW.externalLink(item.url, "original")] : null,
        earliest ? EW.badge("earliest report", "earliest") : null,
        copied ? [EW.badge("copy", "copy"), item.donor_article_id
          ? el("span", { class: "reprint-of" }, "of ",
            EW.articleLink(item.donor_article_id)) : null] : null,
        item.status ? EW.badge(String(item.status)) : null);
      const details = [];
      if (item.date && item.date.start) {
        details.push(`date: ${EW.dateRange(item.date.start, item.date.end)}` +
          (item.date.source ? ` (${item.date.source})` : ""));
      }
      for (const [kind, value] of Object.entries(item.figures || {})) {
        details.push(`${kind}: ${EW.fmtNumber(value)}`);
      }
      if (item.speaker) details.push(`said by: ${item.speaker}`);
      listNode.appendChild(el("li", {
        class: [copied ? "copy" : "", earliest ? "earliest" : ""].join(" ").trim() || null,
        "data-article": item.article_id,
      }, meta,
      el("p", { class: "sentence", dir: "auto" }, sentenceNodes(group, event)),
      details.length ? el("div", { class: "meta" }, EW.dataText(details.join(" · "))) : null));
    }
    return listNode;
  }

  function sourceLabel(source) {
    const outlets = source.outlets || [];
    return outlets.length ? outlets[0] : source.source;
  }

  function drawSources(sources) {
    if (!sources || !sources.length) return el("p", { class: "muted" }, "No sources recorded.");
    const kinds = [];
    for (const s of sources) {
      for (const f of s.figures || []) if (!kinds.includes(f.kind)) kinds.push(f.kind);
    }
    const head = el("tr", null, el("th", null, "Figure"), ...sources.map((s) =>
      el("th", { dir: "auto" }, EW.dataText(sourceLabel(s)),
        s.independent === false ? EW.badge("not independent", "copy")
          : EW.badge("independent", "original"),
        el("div", { class: "muted" }, `${(s.articles || []).length} article(s)`,
          (s.outlets || []).length > 1 ? `, ${(s.outlets || []).length} outlets` : ""))));
    const rows = kinds.map((kind) => {
      const perSource = sources.map((s) => [...new Set((s.figures || [])
        .filter((f) => f.kind === kind).map((f) => Number(f.value)))].sort((a, b) => a - b));
      const reported = perSource.filter((v) => v.length);
      const all = new Set(reported.flat());
      const conflict = all.size > 1;
      return el("tr", { class: conflict ? "conflict" : null },
        el("td", { class: "kind" }, kind, conflict ? EW.badge("conflict", "flag") : null),
        ...sources.map((s, i) => {
          const values = perSource[i];
          const speakers = (s.figures || []).filter((f) => f.kind === kind && f.speaker)
            .map((f) => `${EW.fmtNumber(f.value)}: ${f.speaker}`);
          return el("td", { class: values.length && conflict ? "num conflict" : "num",
            title: speakers.length ? speakers.join("; ") : null },
          values.map((v) => EW.fmtNumber(v)).join(", ") || "—");
        }));
    });
    const table = el("table", { class: "figures-table", id: "sources" },
      el("thead", null, head), el("tbody", null, ...rows));
    if (!kinds.length) {
      return el("div", null, table, el("p", { class: "muted" }, "No figures reported."));
    }
    return table;
  }

  function drawFigures(figures) {
    const kinds = Object.keys(figures || {});
    if (!kinds.length) return null;
    return el("table", { class: "figures-table" },
      el("thead", null, el("tr", null, el("th", null, "Figure"), el("th", { class: "num" }, "low"),
        el("th", { class: "num" }, "best"), el("th", { class: "num" }, "high"))),
      el("tbody", null, ...kinds.map((k) => el("tr", null, el("td", { class: "kind" }, k),
        el("td", { class: "num" }, EW.fmtNumber(figures[k].low)),
        el("td", { class: "num" }, EW.fmtNumber(figures[k].best)),
        el("td", { class: "num" }, EW.fmtNumber(figures[k].high))))));
  }

  function draw(event, apiPath) {
    const title = [event.plover_type || "Event", event.plover_mode ? `(${event.plover_mode})` : "",
      event.place_name ? `in ${event.place_name}` : "",
      event.date_start ? `on ${EW.dateRange(event.date_start, event.date_end)}` : ""]
      .filter(Boolean).join(" ");
    document.title = `eventwire: ${title}`;
    const agree = (value, n) => (value ? `${value}${n ? ` (${n} mentions agree)` : ""}` : null);
    const place = [event.place_name, event.admin2, event.admin1, event.country_iso]
      .filter(Boolean).join(", ");
    const coords = Number.isFinite(event.lat) && Number.isFinite(event.lon)
      ? `${event.lat}, ${event.lon}${event.place_precision ? ` (${event.place_precision})` : ""}`
      : null;
    const items = event.evidence || event.members || [];
    content.replaceChildren(
      EW.jsonTwin(apiPath),
      el("h1", { dir: "auto" }, title),
      EW.fields([
        ["Event id", event.event_id],
        ["PLOVER type", agree(event.plover_type, event.plover_type_agree)],
        ["Mode", agree(event.plover_mode, event.plover_mode_agree)],
        ["ACLED type", agree(event.acled_event_type, event.acled_event_type_agree)],
        ["ACLED sub-type", agree(event.acled_sub_event_type, event.acled_sub_event_type_agree)],
        ["Actor", event.actor],
        ["Target", event.target],
        ["Place", place],
        ["Coordinates", coords],
        ["Date", event.date_start ? `${EW.dateRange(event.date_start, event.date_end)}` +
          `${event.date_precision ? ` (${event.date_precision}` : ""}` +
          `${event.date_source ? `, from ${event.date_source})` : event.date_precision ? ")" : ""}`
          : null],
        ["Status", [event.status, event.denied ? "denied" : null].filter(Boolean).join(", ")],
        ["Reports", `${EW.fmtNumber(event.mentions)} mentions in ${EW.fmtNumber(event.articles)} ` +
          `articles from ${EW.fmtNumber(event.outlets)} outlets`],
        ["Independent sources", EW.fmtNumber(event.independent_sources)],
        ["First report", event.first_article_id ? el("span", null,
          EW.articleLink(event.first_article_id, event.first_outlet || event.first_article_id),
          ` ${EW.fmtTime(event.first_published)}`) : null],
        ["Story", event.story_id ? EW.storyLink(event.story_id) : null],
        ["Flags", (event.flags || []).length
          ? el("span", null, ...(event.flags || []).map((f) => EW.badge(String(f), "flag")))
          : null],
      ]),
      el("h2", null, "Figures"),
      drawFigures(event.figures) || el("p", { class: "muted" }, "No figures."),
      el("h2", null, "Each independent source's figures"),
      drawSources(event.sources),
      el("h2", null, `Evidence (${items.length} mentions)`),
      el("p", { class: "legend" },
        el("mark", { class: "trigger" }, "trigger"), el("mark", { class: "actor" }, "actor"),
        el("mark", { class: "target" }, "target"), el("mark", { class: "place" }, "place"),
        el("mark", { class: "date" }, "date"), el("mark", { class: "figure" }, "figure"), el("mark", { class: "speaker" }, "speaker"),
        EW.badge("copy", "copy"), EW.badge("earliest report", "earliest")),
      drawEvidence(event, items),
    );
  }

  EW.showDetail("event", "/api/events", draw);
})();
