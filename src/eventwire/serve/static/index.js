/* eventwire dashboard, index page: map, timeline, filters mirrored in the URL, event list. */
"use strict";

(() => {
  const { el, svg } = EW;
  const W = 960;
  const H = 480;
  const TW = 960;
  const TH = 130;
  const CELL = 30; // cluster cell, in map pixels
  const MIN_K = W / 360;
  const MAX_K = 400;
  const FILTERS = ["since", "until", "country", "place", "type", "status", "min_sources", "q"];
  const TYPES = new Set(["ASSAULT", "PROTEST", "COERCE", "THREATEN", "ACCUSE", "REJECT",
    "REQUEST", "RETREAT", "MOBILIZE", "SANCTION", "AGREE", "COOPERATE", "CONSULT", "SUPPORT",
    "CONCEDE", "AID"]);
  const DAY = 86400000;

  const mapSvg = document.getElementById("map");
  const timelineSvg = document.getElementById("timeline");
  const form = document.getElementById("filters");
  const list = document.getElementById("events");

  const view = { cx: 0, cy: 20, k: MIN_K };
  let countriesLayer = null;
  let markersLayer = null;
  let located = []; // events with coordinates
  let loadSerial = 0;

  // ------------------------------------------------------------------ filters and URL
  function filtersFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const out = {};
    for (const name of FILTERS) {
      const value = params.get(name);
      if (value !== null && value !== "") out[name] = value;
    }
    return out;
  }

  function filtersToForm(filters) {
    for (const name of FILTERS) {
      const input = form.elements.namedItem(name);
      if (input) input.value = filters[name] ?? "";
    }
  }

  function filtersFromForm() {
    const out = {};
    for (const name of FILTERS) {
      const input = form.elements.namedItem(name);
      const value = input ? input.value.trim() : "";
      if (value !== "") out[name] = name === "country" ? value.toUpperCase() : value;
    }
    return out;
  }

  function query(filters, extra) {
    return new URLSearchParams({ ...filters, ...(extra || {}) }).toString();
  }

  function applyFilters(filters) {
    const search = query(filters);
    const target = search ? `/?${search}` : "/";
    if (window.location.pathname + window.location.search !== target) {
      window.history.pushState(null, "", target);
    }
    load(filters, { fit: true });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters(filtersFromForm());
  });
  document.getElementById("f-reset").addEventListener("click", () => {
    filtersToForm({});
    applyFilters({});
  });
  window.addEventListener("popstate", () => {
    const filters = filtersFromUrl();
    filtersToForm(filters);
    load(filters, { fit: true });
  });

  // ------------------------------------------------------------------ map
  function project(lon, lat) {
    return [W / 2 + (lon - view.cx) * view.k, H / 2 - (lat - view.cy) * view.k];
  }

  function svgPoint(clientX, clientY) {
    const rect = mapSvg.getBoundingClientRect();
    return [(clientX - rect.left) * (W / rect.width), (clientY - rect.top) * (H / rect.height)];
  }

  function ringPath(ring) {
    let d = "";
    for (let i = 0; i < ring.length; i++) {
      d += (i === 0 ? "M" : "L") + ring[i][0] + "," + ring[i][1];
    }
    return d + "Z";
  }

  function drawCountries(collection) {
    const g = svg("g", { class: "countries" });
    for (const feature of collection.features || []) {
      const geometry = feature.geometry || {};
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
        : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      let d = "";
      for (const polygon of polygons) for (const ring of polygon) d += ringPath(ring);
      if (!d) continue;
      const path = svg("path", { class: "country", d, "vector-effect": "non-scaling-stroke" });
      const name = feature.properties && feature.properties.name;
      if (name) path.appendChild(svg("title", null, String(name)));
      g.appendChild(path);
    }
    return g;
  }

  function setupMap() {
    mapSvg.replaceChildren();
    mapSvg.appendChild(svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea",
      fill: "transparent" }));
    countriesLayer = svg("g", { class: "base" });
    markersLayer = svg("g", { class: "markers" });
    mapSvg.appendChild(countriesLayer);
    mapSvg.appendChild(markersLayer);
    EW.getJSON("/static/countries.geojson").then((collection) => {
      countriesLayer.appendChild(drawCountries(collection));
      render();
    }).catch(() => {
      document.getElementById("map-note").textContent = "The base map could not be loaded.";
    });
  }

  function typeClass(type) {
    return TYPES.has(type) ? `t-${type}` : "t-OTHER";
  }

  function killed(event) {
    const f = event.figures && event.figures.killed;
    const best = f && Number(f.best);
    return Number.isFinite(best) && best > 0 ? best : 0;
  }

  function markerRadius(event) {
    return Math.min(22, 4 + 1.6 * Math.sqrt(killed(event)));
  }

  function markerTitle(event) {
    const parts = [event.plover_type || "event", event.plover_mode, event.place_name,
      EW.dateRange(event.date_start, event.date_end)].filter(Boolean);
    const k = killed(event);
    if (k) parts.push(`${EW.fmtNumber(k)} killed`);
    parts.push(`${event.independent_sources ?? "?"} independent sources`);
    return parts.join(" · ");
  }

  function render() {
    if (!markersLayer) return;
    const t = `translate(${W / 2 - view.cx * view.k},${H / 2 + view.cy * view.k}) ` +
      `scale(${view.k},${-view.k})`;
    countriesLayer.setAttribute("transform", t);
    // Cluster in screen space: one marker per cell, a cluster marker where a cell holds several.
    const cells = new Map();
    for (const event of located) {
      const [x, y] = project(event.lon, event.lat);
      const key = `${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push({ event, x, y });
    }
    const nodes = [];
    for (const members of cells.values()) {
      if (members.length === 1) {
        const { event, x, y } = members[0];
        nodes.push(svg("a", { href: EW.pageHref("event", event.event_id), class: "marker",
          "data-count": 1, "data-event": event.event_id },
        svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: markerRadius(event).toFixed(1),
          class: typeClass(event.plover_type) }),
        svg("title", null, markerTitle(event))));
      } else {
        const x = members.reduce((s, m) => s + m.x, 0) / members.length;
        const y = members.reduce((s, m) => s + m.y, 0) / members.length;
        const r = 10 + 3 * Math.log2(members.length);
        const g = svg("g", { class: "cluster", "data-count": members.length, tabindex: 0,
          role: "button" },
        svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) }),
        svg("text", { x: x.toFixed(1), y: y.toFixed(1) }, String(members.length)),
        svg("title", null, `${members.length} events: click to zoom in`));
        const open = () => zoomToCluster(members.map((m) => m.event));
        g.addEventListener("click", open);
        g.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
        nodes.push(g);
      }
    }
    markersLayer.replaceChildren(...nodes);
    mapSvg.setAttribute("data-events", String(located.length));
  }

  function extentOf(events) {
    let west = 180; let east = -180; let south = 90; let north = -90;
    for (const e of events) {
      west = Math.min(west, e.lon); east = Math.max(east, e.lon);
      south = Math.min(south, e.lat); north = Math.max(north, e.lat);
    }
    return { west, east, south, north };
  }

  function fit(events, maxK = 60) {
    if (!events.length) {
      Object.assign(view, { cx: 0, cy: 20, k: MIN_K });
      return;
    }
    const { west, east, south, north } = extentOf(events);
    const pad = 50;
    const kx = (W - 2 * pad) / Math.max(east - west, 1e-6);
    const ky = (H - 2 * pad) / Math.max(north - south, 1e-6);
    view.k = Math.max(MIN_K, Math.min(maxK, kx, ky));
    view.cx = (west + east) / 2;
    view.cy = (south + north) / 2;
  }

  function zoomToCluster(events) {
    const { west, east, south, north } = extentOf(events);
    if (east - west < 1e-4 && north - south < 1e-4) {
      // The same place: list the events instead of zooming forever.
      const note = document.getElementById("map-note");
      note.replaceChildren(`${events.length} events at ${events[0].place_name || "one place"}: `,
        ...events.flatMap((e, i) => [i ? ", " : "",
          EW.eventLink(e.event_id, `${e.plover_type || "event"} ${e.date_start || ""}`.trim())]));
      return;
    }
    fit(events, MAX_K);
    render();
  }

  function zoomBy(factor, at) {
    const [px, py] = at || [W / 2, H / 2];
    const lon = view.cx + (px - W / 2) / view.k;
    const lat = view.cy - (py - H / 2) / view.k;
    const k = Math.max(MIN_K, Math.min(MAX_K, view.k * factor));
    view.cx = lon - (px - W / 2) / k;
    view.cy = lat + (py - H / 2) / k;
    view.k = k;
    render();
  }

  mapSvg.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoomBy(event.deltaY < 0 ? 1.25 : 0.8, svgPoint(event.clientX, event.clientY));
  }, { passive: false });

  let drag = null;
  mapSvg.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".marker, .cluster")) return;
    drag = { x: event.clientX, y: event.clientY, cx: view.cx, cy: view.cy };
    mapSvg.setPointerCapture(event.pointerId);
    mapSvg.classList.add("dragging");
  });
  mapSvg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = mapSvg.getBoundingClientRect();
    const scale = W / rect.width;
    view.cx = drag.cx - ((event.clientX - drag.x) * scale) / view.k;
    view.cy = drag.cy + ((event.clientY - drag.y) * scale) / view.k;
    render();
  });
  const endDrag = () => { drag = null; mapSvg.classList.remove("dragging"); };
  mapSvg.addEventListener("pointerup", endDrag);
  mapSvg.addEventListener("pointercancel", endDrag);
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
  document.getElementById("zoom-fit").addEventListener("click", () => { fit(located); render(); });
  document.getElementById("zoom-world").addEventListener("click", () => {
    fit([]);
    render();
  });

  function drawLegend(events) {
    const counts = new Map();
    for (const e of events) {
      const type = TYPES.has(e.plover_type) ? e.plover_type : "OTHER";
      counts.set(type, (counts.get(type) || 0) + 1);
    }
    const legend = document.getElementById("legend");
    legend.replaceChildren(...[...counts.entries()].sort((a, b) => b[1] - a[1]).map(([type, n]) =>
      el("span", null, el("span", { class: `swatch t-${type}` }), `${type} ${n}`)));
    if (counts.size) legend.appendChild(el("span", { class: "muted" },
      "size: people killed (best estimate)"));
  }

  // ------------------------------------------------------------------ timeline
  const parseDay = (s) => Date.parse(`${s}T00:00:00Z`);
  const formatDay = (t) => new Date(t).toISOString().slice(0, 10);
  const PLOT = { left: 50, right: TW - 10, top: 8, mid: 62, bottom: 112 };

  let timeline = null; // {lo, hi} in ms

  function drawTimeline(data, filters) {
    const events = (data.events || []).filter((d) => d.date);
    const articles = (data.articles || []).filter((d) => d.date);
    const note = document.getElementById("timeline-note");
    timelineSvg.replaceChildren();
    if (!events.length && !articles.length) {
      timeline = null;
      note.textContent = "No dated events or articles.";
      return;
    }
    // The shown range follows the articles (when events were reported), reaching back up to a
    // year for events dated before the first report; older events are counted, not drawn.
    const articleDays = articles.map((d) => parseDay(d.date));
    const eventDays = events.map((d) => parseDay(d.date));
    let lo; let hi;
    if (articleDays.length) {
      lo = Math.min(...articleDays);
      hi = Math.max(...articleDays);
      const back = lo - 365 * DAY;
      lo = Math.min(lo, ...eventDays.filter((t) => t >= back));
      hi = Math.max(hi, ...eventDays.filter((t) => t <= hi + 365 * DAY));
    } else {
      lo = Math.min(...eventDays);
      hi = Math.max(...eventDays);
    }
    lo -= DAY;
    hi += 2 * DAY;
    timeline = { lo, hi };
    const x = (t) => PLOT.left + ((t - lo) / (hi - lo)) * (PLOT.right - PLOT.left);
    const barW = Math.max(1, ((PLOT.right - PLOT.left) * DAY) / (hi - lo) - 1);
    const maxE = Math.max(1, ...events.map((d) => d.count));
    const maxA = Math.max(1, ...articles.map((d) => d.count));
    const hidden = events.filter((d) => parseDay(d.date) < lo || parseDay(d.date) >= hi)
      .reduce((s, d) => s + d.count, 0);

    const selection = svg("g", { class: "selection" });
    timelineSvg.appendChild(selection);
    if (filters.since || filters.until) {
      const a = filters.since ? Math.max(lo, parseDay(filters.since)) : lo;
      const b = filters.until ? Math.min(hi, parseDay(filters.until) + DAY) : hi;
      if (b > a) {
        selection.appendChild(svg("rect", { class: "selected", x: x(a), y: PLOT.top,
          width: Math.max(1, x(b) - x(a)), height: PLOT.bottom - PLOT.top }));
      }
    }
    const bars = svg("g", { class: "bars" });
    for (const d of events) {
      const t = parseDay(d.date);
      if (t < lo || t >= hi) continue;
      const h = ((PLOT.mid - PLOT.top - 4) * d.count) / maxE;
      bars.appendChild(svg("rect", { class: "bar-events", x: x(t).toFixed(1),
        y: (PLOT.mid - 2 - h).toFixed(1), width: barW.toFixed(1), height: h.toFixed(1) },
      svg("title", null, `${d.date}: ${d.count} events`)));
    }
    for (const d of articles) {
      const t = parseDay(d.date);
      const h = ((PLOT.bottom - PLOT.mid - 4) * d.count) / maxA;
      bars.appendChild(svg("rect", { class: "bar-articles", x: x(t).toFixed(1),
        y: (PLOT.mid + 2).toFixed(1), width: barW.toFixed(1), height: h.toFixed(1) },
      svg("title", null, `${d.date}: ${d.count} articles`)));
    }
    timelineSvg.appendChild(bars);
    const axis = svg("g", { class: "axis" },
      svg("line", { x1: PLOT.left, x2: PLOT.right, y1: PLOT.mid, y2: PLOT.mid }),
      svg("text", { x: PLOT.left - 4, y: PLOT.top + 10, class: "end" }, "events"),
      svg("text", { x: PLOT.left - 4, y: PLOT.bottom - 2, class: "end" }, "articles"));
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = lo + ((hi - lo) * i) / ticks;
      const tx = x(t);
      axis.appendChild(svg("line", { x1: tx, x2: tx, y1: PLOT.bottom, y2: PLOT.bottom + 4 }));
      axis.appendChild(svg("text", { x: tx, y: PLOT.bottom + 15,
        class: i === ticks ? "end" : null }, formatDay(t)));
    }
    timelineSvg.appendChild(axis);
    const brush = svg("rect", { class: "brush", x: 0, y: PLOT.top, width: 0,
      height: PLOT.bottom - PLOT.top, visibility: "hidden" });
    timelineSvg.appendChild(brush);
    note.textContent = hidden ? `${hidden} events dated before the range shown are not drawn.`
      : "";
  }

  function timelineX(clientX) {
    const rect = timelineSvg.getBoundingClientRect();
    return (clientX - rect.left) * (TW / rect.width);
  }

  function dayAt(px) {
    const f = (px - PLOT.left) / (PLOT.right - PLOT.left);
    const t = timeline.lo + Math.max(0, Math.min(1, f)) * (timeline.hi - timeline.lo);
    return formatDay(t);
  }

  let brushing = null;
  timelineSvg.addEventListener("pointerdown", (event) => {
    if (!timeline) return;
    brushing = { x0: timelineX(event.clientX) };
    timelineSvg.setPointerCapture(event.pointerId);
  });
  timelineSvg.addEventListener("pointermove", (event) => {
    if (!brushing) return;
    const rect = timelineSvg.querySelector(".brush");
    const x1 = timelineX(event.clientX);
    const a = Math.max(PLOT.left, Math.min(brushing.x0, x1));
    const b = Math.min(PLOT.right, Math.max(brushing.x0, x1));
    rect.setAttribute("x", String(a));
    rect.setAttribute("width", String(Math.max(0, b - a)));
    rect.setAttribute("visibility", "visible");
  });
  timelineSvg.addEventListener("pointerup", (event) => {
    if (!brushing) return;
    const x0 = brushing.x0;
    const x1 = timelineX(event.clientX);
    brushing = null;
    const filters = filtersFromForm();
    if (Math.abs(x1 - x0) < 3) {
      // A click without a drag clears the dates.
      if (!filters.since && !filters.until) return;
      delete filters.since;
      delete filters.until;
    } else {
      filters.since = dayAt(Math.min(x0, x1));
      filters.until = dayAt(Math.max(x0, x1));
    }
    filtersToForm(filters);
    applyFilters(filters);
  });

  // ------------------------------------------------------------------ event list
  function drawList(result) {
    const { items, total, truncated } = result;
    document.getElementById("event-count").textContent =
      `${EW.fmtNumber(total)} matching${truncated ? `, first ${items.length} shown` : ""}`;
    if (!items.length) {
      list.replaceChildren(el("p", { class: "muted" }, "No events match these filters."));
      return;
    }
    const head = el("tr", null, ...["Date", "Type", "Mode", "Status", "Actor", "Target", "Place",
      "Country"].map((h) => el("th", null, h)),
    el("th", { class: "num", title: "independent sources" }, "Sources"),
    el("th", { class: "num" }, "Articles"), el("th", { class: "num" }, "Killed"),
    el("th", null, "Flags"));
    const rows = items.map((e) => {
      const row = el("tr", { "data-event": e.event_id },
        el("td", null, EW.eventLink(e.event_id, EW.dateRange(e.date_start, e.date_end) || "—")),
        el("td", null, EW.dataText(e.plover_type)),
        el("td", null, EW.dataText(e.plover_mode)),
        el("td", null, EW.dataText(e.status), e.denied ? EW.badge("denied", "flag") : null),
        el("td", null, EW.dataText(e.actor)),
        el("td", null, EW.dataText(e.target)),
        el("td", null, EW.dataText(e.place_name)),
        el("td", null, EW.dataText(e.country_iso)),
        el("td", { class: "num" }, EW.fmtNumber(e.independent_sources)),
        el("td", { class: "num" }, EW.fmtNumber(e.articles)),
        el("td", { class: "num" }, killed(e) ? EW.fmtNumber(killed(e)) : ""),
        el("td", null, ...(e.flags || []).map((f) => EW.badge(String(f), "flag"))));
      row.addEventListener("click", (event) => {
        if (event.target.closest("a")) return;
        window.location.assign(EW.pageHref("event", e.event_id));
      });
      return row;
    });
    list.replaceChildren(el("table", { class: "event-list" }, el("thead", null, head),
      el("tbody", null, ...rows)));
  }

  /** Situation reports on the place (else the country) filtered on, over the dates filtered. */
  function drawReportLinks(filters) {
    const node = document.getElementById("report-links");
    const on = filters.place ? { place: filters.place }
      : filters.country ? { country: filters.country } : null;
    if (!on) {
      node.hidden = true;
      node.replaceChildren();
      return;
    }
    const range = {};
    if (filters.since) range.since = filters.since;
    if (filters.until) range.until = filters.until;
    node.hidden = false;
    node.replaceChildren(`Situation report on ${on.place ?? on.country}: `,
      ...["html", "md", "pdf"].flatMap((fmt, i) => [i ? " · " : "", el("a", {
        href: `/api/report?${query({ ...on, ...range }, { format: fmt })}`,
        class: `report-${fmt}`,
      }, { html: "HTML", md: "Markdown", pdf: "PDF" }[fmt])]));
  }

  // ------------------------------------------------------------------ loading
  async function load(filters, { fit: refit }) {
    const serial = ++loadSerial;
    const withoutDates = { ...filters };
    delete withoutDates.since;
    delete withoutDates.until;
    document.getElementById("json-link").setAttribute("href", `/api/events?${query(filters)}`);
    document.getElementById("geojson-link").setAttribute("href",
      `/api/events?${query(filters, { format: "geojson" })}`);
    document.getElementById("csv-link").setAttribute("href",
      `/api/events?${query(filters, { format: "csv" })}`);
    drawReportLinks(filters);
    list.replaceChildren(el("p", { class: "loading" }, "Loading…"));
    document.body.removeAttribute("data-ready");
    try {
      const [result, line] = await Promise.all([
        EW.getAll("/api/events", { ...filters, limit: "500" }),
        EW.getJSON(`/api/timeline?${query(withoutDates)}`),
      ]);
      if (serial !== loadSerial) return;
      located = result.items.filter((e) => Number.isFinite(e.lat) && Number.isFinite(e.lon));
      if (refit) fit(located);
      render();
      drawLegend(located);
      document.getElementById("map-note").textContent =
        `${located.length} of ${result.items.length} events have a place on the map.`;
      drawTimeline(line, filters);
      drawList(result);
    } catch (error) {
      if (serial !== loadSerial) return;
      EW.showError(list, error);
    }
    document.body.setAttribute("data-ready", "1");
  }

  function loadStats() {
    EW.getJSON("/api/stats").then((stats) => {
      const parts = [];
      if (stats.articles !== undefined) parts.push(`${EW.fmtNumber(stats.articles)} articles`);
      if (stats.events !== undefined) parts.push(`${EW.fmtNumber(stats.events)} events`);
      document.getElementById("stats").textContent = parts.join(" · ");
    }).catch(() => {});
  }

  setupMap();
  const initial = filtersFromUrl();
  filtersToForm(initial);
  loadStats();
  load(initial, { fit: true });
})();
