/* eventwire dashboard: helpers shared by every page.
 *
 * Safety rule of the whole dashboard: data from the store (article text, titles, names, URLs) is
 * put into the page only through DOM APIs and textContent, never through innerHTML; links made
 * from data are kept only when they are http(s) URLs or same-site paths. The server's
 * Content-Security-Policy allows only these files' scripts and styles.
 */
"use strict";

const EW = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  /** An SVG element with attributes and children. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.setAttribute("class", String(value));
      else if (name === "text") node.textContent = String(value);
      else if (name === "href") {
        const safe = safeHref(value);
        if (safe !== null) node.setAttribute("href", safe);
      } else if (name.startsWith("on") || name === "style" || name === "src") {
        throw new Error("el(): event handlers, styles and sources are not set from attributes");
      } else node.setAttribute(name, value === true ? "" : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  /** ``value`` when it is a same-site path or an http(s) URL, else null. */
  function safeHref(value) {
    if (typeof value !== "string" || value === "") return null;
    const trimmed = value.trim();
    if (trimmed.startsWith("/") && !trimmed.startsWith("//") && !trimmed.startsWith("/\\")) {
      return trimmed;
    }
    if (trimmed.startsWith("?") || trimmed.startsWith("#")) return trimmed;
    let url;
    try {
      url = new URL(trimmed);
    } catch (e) {
      return null;
    }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }

  /** A link to a URL from the data: an anchor when it is http(s), else plain text. */
  function externalLink(url, label) {
    const safe = safeHref(url);
    const text = label === undefined || label === null || label === "" ? url : label;
    if (safe === null || safe.startsWith("/") || safe.startsWith("?") || safe.startsWith("#")) {
      return el("span", { class: "unsafe-url", dir: "auto", title: "not an http(s) link" },
        String(text ?? ""));
    }
    return el("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank",
      class: "external", dir: "auto" }, String(text));
  }

  /** Same-site links to the dashboard pages (ids go through URLSearchParams). */
  function pageHref(page, id) {
    return `/${page}?${new URLSearchParams({ id: String(id) }).toString()}`;
  }
  function eventLink(id, label) {
    return el("a", { href: pageHref("event", id), class: "id-link" }, label ?? id);
  }
  function articleLink(id, label) {
    return el("a", { href: pageHref("article", id), class: "id-link", dir: "auto" }, label ?? id);
  }
  function storyLink(id, label) {
    return el("a", { href: pageHref("story", id), class: "id-link", dir: "auto" }, label ?? id);
  }

  /** Text of the store, isolated for bidirectional text and wrapped when long. */
  function dataText(value, cls) {
    return el("span", { class: cls ? `data ${cls}` : "data", dir: "auto" },
      value === null || value === undefined ? "" : String(value));
  }

  function badge(text, cls) {
    return el("span", { class: `badge ${cls || ""}`.trim() }, text);
  }

  /** A definition list from [label, value] pairs (values: nodes or text; empty ones left out). */
  function fields(pairs) {
    const dl = el("dl", { class: "fields" });
    for (const [label, value] of pairs) {
      if (value === null || value === undefined || value === "") continue;
      dl.appendChild(el("dt", null, label));
      dl.appendChild(el("dd", null, value instanceof Node ? value : dataText(value)));
    }
    return dl;
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** GET a JSON document of the API; an error body becomes an ApiError. */
  async function getJSON(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const err = body && body.error ? body.error : {};
      throw new ApiError(err.status || response.status, err.code || "http-error",
        err.message || `${response.status} ${response.statusText}`);
    }
    return body;
  }

  /** Every item of a paged list (following next_cursor, at most ``maxPages`` pages). */
  async function getAll(path, params, maxPages = 20) {
    const items = [];
    let cursor = null;
    let total = 0;
    let truncated = false;
    for (let i = 0; i < maxPages; i++) {
      const query = new URLSearchParams(params);
      if (cursor) query.set("cursor", cursor);
      const page = await getJSON(`${path}?${query.toString()}`);
      items.push(...page.items);
      total = page.total;
      cursor = page.next_cursor;
      if (!cursor) break;
      if (i === maxPages - 1) truncated = true;
    }
    return { items, total, truncated };
  }

  function showError(container, error) {
    container.replaceChildren(el("p", { class: "error", role: "alert" },
      error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}`
        : `Could not load: ${error && error.message ? error.message : error}`));
  }

  /** The page's id parameter (or null). */
  function pageId() {
    const id = new URLSearchParams(window.location.search).get("id");
    return id && id.length <= 2000 ? id : null;
  }

  /** A detail page: fetch `${apiBase}/ID` for the id in the query string, draw it, and mark
   * the page ready (also after an error). */
  async function showDetail(kind, apiBase, draw) {
    const content = document.getElementById("content");
    const id = pageId();
    if (!id) {
      content.replaceChildren(el("p", { class: "error" }, `No ${kind} id: open /${kind}?id=…`));
      return;
    }
    const apiPath = `${apiBase}/${encodeURIComponent(id)}`;
    try {
      draw(await getJSON(apiPath), apiPath);
    } catch (error) {
      showError(content, error);
    }
    document.body.setAttribute("data-ready", "1");
  }

  /** The link to a page's JSON twin. */
  function jsonTwin(path) {
    return el("a", { href: path, class: "json-twin", type: "application/json" }, "JSON");
  }

  function fmtNumber(value) {
    if (value === null || value === undefined || value === "") return "";
    const n = Number(value);
    if (!Number.isFinite(n)) return String(value);
    return Number.isInteger(n) ? n.toLocaleString("en") : n.toLocaleString("en",
      { maximumFractionDigits: 2 });
  }

  function fmtTime(value) {
    if (!value) return "";
    return String(value).replace("T", " ").replace(/:00Z$|Z$/, " UTC").replace(/:00 UTC$/, " UTC");
  }

  function dateRange(start, end) {
    if (!start) return "";
    return end && end !== start ? `${start} – ${end}` : String(start);
  }

  /** A CSS class suffix from a value of the data: letters, digits and dashes only. */
  function token(value) {
    return String(value ?? "none").replace(/[^A-Za-z0-9-]+/g, "-").slice(0, 40) || "none";
  }

  /**
   * ``text`` as nodes, with spans highlighted: spans are {start, end, cls, title} in the
   * text's own offsets; overlapping spans keep the earlier-listed one.
   */
  function highlight(text, spans) {
    const value = String(text ?? "");
    const kept = [];
    for (const span of spans) {
      if (!(span.start >= 0 && span.end > span.start && span.end <= value.length)) continue;
      if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
      kept.push(span);
    }
    kept.sort((a, b) => a.start - b.start);
    const out = [];
    let at = 0;
    for (const span of kept) {
      if (span.start > at) out.push(document.createTextNode(value.slice(at, span.start)));
      out.push(el("mark", { class: span.cls, title: span.title || null },
        value.slice(span.start, span.end)));
      at = span.end;
    }
    if (at < value.length) out.push(document.createTextNode(value.slice(at)));
    return out;
  }

  /** Where ``needle`` occurs in ``text`` (case-insensitive), or null. */
  function findText(text, needle) {
    if (!needle || !text) return null;
    const i = String(text).toLowerCase().indexOf(String(needle).toLowerCase());
    return i < 0 ? null : { start: i, end: i + String(needle).length };
  }

  return {
    el, svg, safeHref, externalLink, pageHref, eventLink, articleLink, storyLink, dataText,
    badge, fields, getJSON, getAll, showError, showDetail, pageId, jsonTwin, fmtNumber, fmtTime, dateRange,
    token, highlight, findText, ApiError,
  };
})();
