/* Shared drawing code of the aks-backup pages: reading the embedded data, the tooltip, and the SVG
   charts (timeline of bars per group, step chart, column chart), all drawn from plain data so that
   each page's own script only maps its document onto them. Nothing here touches the network. */
"use strict";
const AksPage = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 1200;
  const LEFT = 150;
  const RIGHT = 16;
  const HOUR = 3600e3;
  const DAY = 24 * HOUR;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  /* Tableau 10: distinct, print well, and red is kept for failures. */
  const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6"];
  /* Above this many bars a timeline thins (see thin()); below it every bar is drawn. */
  const MAX_BARS = 2000;
  /* Parts of the time axis within which thinned bars of one group and band share one bar. */
  const BUCKETS = 400;

  function data(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function html(tag, attrs, text, parent) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  function svg(tag, attrs, parent, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, typeof v === "number" ? round(v) : v);
    }
    if (text !== undefined) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  /* Labels of the left column are cut to what fits in it; the tooltip holds the whole. */
  function short(label) {
    return label.length > 18 ? label.slice(0, 17) + "\u2026" : label;
  }

  function round(v) {
    return Math.round(v * 100) / 100;
  }

  const ms = (iso) => (iso === null || iso === undefined ? null : Date.parse(iso));
  const pad = (n) => String(n).padStart(2, "0");

  function time(t) {
    const d = new Date(t);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " "
      + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " UTC";
  }

  function isUtc(zone) {
    return !zone || /^(UTC|Z|GMT|Etc\/UTC|Etc\/GMT|Etc\/UCT|UCT|Universal|Zulu)$/.test(zone);
  }

  /* A time in a named zone as well, when the zone is not UTC and the browser knows it. */
  function zoned(t, zone) {
    if (isUtc(zone)) return time(t);
    try {
      const f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      return time(t) + " (" + f.format(new Date(t)).replace(",", "") + " " + zone + ")";
    } catch (e) {
      return time(t);
    }
  }

  function duration(d) {
    if (d === null || d === undefined) return "-";
    if (d < 1000) return d + " ms";
    const s = d / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + " s";
    if (s < 3600) return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
    if (s < 172800) return Math.floor(s / 3600) + " h " + Math.round((s % 3600) / 60) + " min";
    return Math.round(s / 86400) + " days";
  }

  /* Binary units, as the command line prints them. */
  function bytes(n) {
    if (n === null || n === undefined) return "-";
    if (n < 1024) return n + " B";
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (Number.isInteger(v) ? v : v.toFixed(1)) + " " + units[i];
  }

  /* The binary unit (1, 1024, 1024², ...) a byte count is best read in. */
  function byteUnit(n) {
    let u = 1;
    while (n >= 1024 * u && u < Math.pow(1024, 4)) u *= 1024;
    return u;
  }

  function shortDate(t) {
    const d = new Date(t);
    return pad(d.getUTCDate()) + " " + MONTHS[d.getUTCMonth()];
  }

  function clock(t) {
    const d = new Date(t);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function number(n) {
    return Number(n).toLocaleString("en-US");
  }

  /* Colours by key, in the order given: the same key gets the same colour in every chart of a page. */
  function colours(keys) {
    const m = new Map();
    keys.forEach((k, i) => m.set(k, PALETTE[i % PALETTE.length]));
    return m;
  }

  /* One floating tooltip for the page; any element with data-tip shows it on hover. */
  function tooltip() {
    const tip = html("div", { id: "tip", role: "tooltip" }, null, document.body);
    const place = (ev) => {
      const pad = 14;
      let x = ev.clientX + pad;
      let y = ev.clientY + pad;
      const r = tip.getBoundingClientRect();
      if (x + r.width > window.innerWidth - 4) x = ev.clientX - r.width - pad;
      if (y + r.height > window.innerHeight - 4) y = ev.clientY - r.height - pad;
      tip.style.left = Math.max(4, x) + "px";
      tip.style.top = Math.max(4, y) + "px";
    };
    document.addEventListener("mouseover", (ev) => {
      const target = ev.target.closest ? ev.target.closest("[data-tip]") : null;
      if (!target) {
        tip.style.display = "none";
        return;
      }
      tip.textContent = target.getAttribute("data-tip");
      tip.style.display = "block";
      place(ev);
    });
    document.addEventListener("mousemove", (ev) => {
      if (tip.style.display === "block") place(ev);
    });
    // Closed sections would not print: open them all first.
    window.addEventListener("beforeprint", () => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  }

  function header(title, subtitle, stats) {
    const h = html("header", {}, null, document.body);
    const titles = html("div", { class: "titles" }, null, h);
    html("h1", {}, title, titles);
    for (const line of [].concat(subtitle)) html("div", { class: "sub" }, line, titles);
    const box = html("div", { class: "stats" }, null, h);
    for (const s of stats) {
      const e = html("div", { class: "stat" + (s.bad ? " bad" : ""), "data-tip": s.tip }, null, box);
      html("b", {}, s.value, e);
      html("span", {}, s.label, e);
    }
    return h;
  }

  function section(title, note) {
    const s = html("section", {}, null, document.body);
    const h = html("h2", {}, title, s);
    if (note) html("span", { class: "note" }, note, h);
    return s;
  }

  /* items: [{label, colour, kind: "bar"|"line"|"mark"|"pending"|"deleted", tip}] */
  function legend(parent, items) {
    const box = html("div", { class: "legend" }, null, parent);
    for (const it of items) {
      const k = html("span", { class: "key", "data-tip": it.tip }, null, box);
      const sw = html("span", { class: "swatch " + (it.kind || "bar") }, null, k);
      sw.style.background = it.colour;
      html("span", {}, it.label, k);
    }
    return box;
  }

  function footer(text) {
    html("footer", {}, text, document.body);
  }

  /* ---- time axis ---- */

  const STEPS = [
    { ms: HOUR }, { ms: 2 * HOUR }, { ms: 3 * HOUR }, { ms: 6 * HOUR }, { ms: 12 * HOUR },
    { ms: DAY }, { ms: 2 * DAY }, { ms: 7 * DAY, week: true }, { ms: 14 * DAY, week: true },
    { months: 1 }, { months: 2 }, { months: 3 }, { months: 6 },
    { months: 12 }, { months: 24 }, { months: 60 }, { months: 120 },
  ];

  function stepTicks(t0, t1, step) {
    const out = [];
    if (step.months) {
      const d = new Date(t0);
      let y = d.getUTCFullYear();
      let m = d.getUTCMonth();
      for (;;) {
        const t = Date.UTC(y, m, 1);
        if (t > t1) break;
        if (t >= t0 && (y * 12 + m) % step.months === 0) out.push(t);
        m++;
        if (m === 12) { m = 0; y++; }
      }
      return out;
    }
    const offset = step.week ? 4 * DAY : 0; // 1970-01-05 was a Monday
    for (let t = Math.ceil((t0 - offset) / step.ms) * step.ms + offset; t <= t1; t += step.ms) out.push(t);
    return out;
  }

  /* Ticks of [t0, t1] in UTC, at most maxTicks, each {t, label, context} (context: the day, month or year it starts). */
  function ticks(t0, t1, maxTicks) {
    let step = STEPS[STEPS.length - 1];
    for (const s of STEPS) {
      const approx = s.months ? (t1 - t0) / (s.months * 30.4 * DAY) : (t1 - t0) / s.ms;
      if (approx <= maxTicks) { step = s; break; }
    }
    let prev = null;
    return stepTicks(t0, t1, step).map((t) => {
      const d = new Date(t);
      const year = d.getUTCFullYear();
      const day = pad(d.getUTCDate()) + " " + MONTHS[d.getUTCMonth()];
      let label;
      let context = null;
      if (step.months >= 12) {
        label = String(year);
      } else if (step.months) {
        label = MONTHS[d.getUTCMonth()];
        if (!prev || prev.getUTCFullYear() !== year) context = String(year);
      } else if (step.ms >= DAY) {
        label = day;
        if (!prev || prev.getUTCFullYear() !== year) context = String(year);
      } else {
        label = pad(d.getUTCHours()) + ":00";
        if (!prev || prev.getUTCDate() !== d.getUTCDate()) context = day;
      }
      prev = d;
      return { t, label, context };
    });
  }

  function scale(t0, t1, x0, x1) {
    const k = (x1 - x0) / Math.max(1, t1 - t0);
    return (t) => x0 + (t - t0) * k;
  }

  /* Gridlines across [top, bottom] and labels under bottom; returns the height the labels take. */
  function timeAxis(g, t0, t1, x, top, bottom, caption) {
    const axis = svg("g", { class: "axis" }, g);
    const list = ticks(t0, t1, Math.floor((WIDTH - LEFT - RIGHT) / 95));
    for (const tk of list) {
      const px = x(tk.t);
      svg("line", { class: "grid", x1: px, x2: px, y1: top, y2: bottom }, axis);
      svg("text", { x: px, y: bottom + 14, "text-anchor": "middle" }, axis, tk.label);
      if (tk.context) svg("text", { class: "context", x: px, y: bottom + 27, "text-anchor": "middle" }, axis, tk.context);
    }
    if (caption) svg("text", { x: 8, y: bottom + 14 }, axis, caption);
    return 32;
  }

  function chart(parent, height, label) {
    return svg("svg", { class: "chart", viewBox: "0 0 " + WIDTH + " " + height, role: "img", "aria-label": label,
      preserveAspectRatio: "xMinYMin meet" }, parent);
  }

  function resize(root, height) {
    root.setAttribute("viewBox", "0 0 " + WIDTH + " " + Math.ceil(height));
  }

  /* ---- timeline ---- */

  /*
   * Thins bars when there are more than MAX_BARS: bars of one group and band whose start falls in the
   * same 1/BUCKETS of [t0, t1] become one bar from the earliest start to the latest end, carrying the
   * number of bars it stands for (copies) and a tooltip that says so. Under the limit bars are returned
   * as they are, each standing for one copy.
   */
  function thin(bars, t0, t1, describe) {
    if (bars.length <= MAX_BARS) return { bars, thinned: false };
    const width = (t1 - t0) / BUCKETS;
    const buckets = new Map();
    for (const b of bars) {
      const key = b.group + "\u0000" + b.band + "\u0000" + Math.floor((Math.max(t0, Math.min(t1, b.start)) - t0) / width);
      const agg = buckets.get(key);
      if (agg) {
        agg.start = Math.min(agg.start, b.start);
        agg.lastStart = Math.max(agg.lastStart, b.start);
        agg.end = Math.max(agg.end, b.end);
        agg.copies += b.copies || 1;
      } else {
        buckets.set(key, Object.assign({}, b, { lastStart: b.start, copies: b.copies || 1, cls: b.cls }));
      }
    }
    const out = [...buckets.values()];
    for (const b of out) {
      if (b.copies > 1) b.tip = describe(b);
    }
    return { bars: out, thinned: true, bucket: width };
  }

  /* Packs bars into lanes (first lane free at the bar's start); returns the lane count. */
  function pack(bars) {
    const ends = [];
    bars.sort((a, b) => a.start - b.start || a.end - b.end);
    for (const b of bars) {
      let lane = ends.findIndex((e) => e <= b.start);
      if (lane < 0) { lane = ends.length; ends.push(0); }
      ends[lane] = b.end;
      b.lane = lane;
    }
    return ends.length;
  }

  /*
   * A timeline: one row group per spec.groups entry ({key, label, sublabel}), inside it one band per
   * spec.bands entry ({key, label}) that has bars, bars packed into lanes. Bars: {group, band, start,
   * end (null: open), colour, cls, tip, copies}. Markers: {t, tip} (failed slots, failed jobs) as red
   * lines across. spec.outside: {from, label} shades the part after the window; spec.now marks now.
   * Extra rows (spec.rows: [{label, items: [{start, end, colour, cls, tip}]}]) draw below, one lane each.
   */
  function timeline(parent, spec) {
    const t0 = spec.t0;
    const t1 = spec.t1;
    const x = scale(t0, t1, LEFT, WIDTH - RIGHT);
    const root = chart(parent, 100, spec.label || "timeline");
    const top = 18;
    let y = top;
    const back = svg("g", {}, root);
    const body = svg("g", {}, root);
    const minWidth = 1.5;
    const groupIndex = new Map(spec.groups.map((g, i) => [g.key, i]));
    const bandOrder = new Map(spec.bands.map((b, i) => [b.key, i]));
    for (const b of spec.bars) {
      if (b.end === null || b.end === undefined) { b.open = true; b.end = t1; }
    }
    for (const group of spec.groups) {
      const mine = spec.bars.filter((b) => b.group === group.key);
      const bands = spec.bands.filter((band) => mine.some((b) => b.band === band.key));
      const laneCounts = bands.map((band) => pack(mine.filter((b) => b.band === band.key)));
      const lanes = laneCounts.reduce((a, c) => a + c, 0);
      const laneH = Math.max(1.5, Math.min(12, (spec.groupHeight || 220) / Math.max(1, lanes)));
      const gap = laneH >= 5 ? 1 : 0;
      const groupTop = y;
      svg("text", { class: "group-label", x: 8, y: groupTop + 13, "data-tip": group.label }, body, short(group.label));
      if (group.sublabel) svg("text", { class: "band-label", x: 8, y: groupTop + 27 }, body, group.sublabel);
      if (!mine.length) {
        svg("text", { class: "empty", x: LEFT + 8, y: groupTop + 14 }, body, spec.emptyText || "no recovery points");
        y += 26;
      }
      bands.forEach((band, i) => {
        const bandTop = y;
        const sorted = mine.filter((b) => b.band === band.key);
        for (const b of sorted) {
          const x0 = Math.max(LEFT, x(b.start));
          const x1 = Math.min(WIDTH - RIGHT, x(Math.min(b.end, t1)));
          const attrs = { class: "bar" + (b.cls ? " " + b.cls : ""), x: x0, y: bandTop + b.lane * laneH,
            width: Math.max(minWidth, x1 - x0), height: Math.max(1, laneH - gap), fill: b.colour,
            "data-copies": b.copies || 1, "data-tip": b.tip };
          if (b.id) attrs["data-id"] = b.id;
          svg("rect", attrs, body);
        }
        const h = laneCounts[i] * laneH;
        const bandY = bandTop + Math.min(h, 14) / 2 + 4;
        // A band label sits right-aligned in the left column; skip it where it would run into the group label.
        const onGroupLines = bandY < groupTop + (group.sublabel ? 34 : 20);
        const fits = !onGroupLines || 8 + short(group.label).length * 7.4 + 8 < LEFT - 8 - band.label.length * 6;
        if (bands.length > 1 && h >= 9 && fits) {
          svg("text", { class: "band-label", x: LEFT - 8, y: bandY, "text-anchor": "end" }, body, band.label);
        }
        y += h + (i < bands.length - 1 ? 4 : 0);
      });
      y = Math.max(y, groupTop + (group.sublabel ? 32 : 18));
      y += 8;
      svg("line", { class: "group-sep", x1: 0, x2: WIDTH, y1: y - 4, y2: y - 4 }, back);
    }
    for (const row of spec.rows || []) {
      svg("text", { class: "group-label", x: 8, y: y + 11, "data-tip": row.label }, body, short(row.label));
      for (const it of row.items) {
        const x0 = Math.max(LEFT, x(it.start));
        const x1 = Math.min(WIDTH - RIGHT, x(it.end === null ? t1 : it.end));
        svg("rect", { class: it.cls, x: x0 - 1, y: y + 1, width: Math.max(3, x1 - x0 + 2), height: 12, fill: it.colour,
          "data-tip": it.tip }, body);
      }
      y += 24;
      svg("line", { class: "group-sep", x1: 0, x2: WIDTH, y1: y - 4, y2: y - 4 }, back);
    }
    const bottom = y;
    if (spec.outside && spec.outside.from < t1) {
      const xo = x(spec.outside.from);
      svg("rect", { class: "outside", x: xo, y: top - 14, width: WIDTH - RIGHT - xo, height: bottom - top + 14 }, back);
      if (WIDTH - RIGHT - xo > 110) svg("text", { class: "outside-label", x: xo + 4, y: top - 4 }, back, spec.outside.label);
    }
    const axisH = timeAxis(back, t0, t1, x, top - 4, bottom, spec.caption);
    const marks = svg("g", {}, root);
    let lastPx = -10;
    for (const m of (spec.markers || []).slice().sort((a, b) => a.t - b.t)) {
      const px = x(m.t);
      if (px < LEFT || px > WIDTH - RIGHT || px - lastPx < 1) continue; // one per pixel is all the eye sees
      lastPx = px;
      const g = svg("g", { class: "marker", "data-tip": m.tip }, marks);
      svg("line", { class: "mark", x1: px, x2: px, y1: top - 6, y2: bottom }, g);
      svg("path", { class: "mark-head", d: "M" + round(px - 4.5) + " " + (top - 13) + "h9l-4.5 7z" }, g);
    }
    if (spec.now !== undefined && spec.now >= t0 && spec.now <= t1) {
      const px = x(spec.now);
      svg("line", { class: "now", x1: px, x2: px, y1: top - 10, y2: bottom }, marks);
      svg("text", { class: "now-label", x: px + 4, y: top - 4 }, marks, "now");
    }
    svg("rect", { class: "frame", x: LEFT, y: top - 4, width: WIDTH - RIGHT - LEFT, height: bottom - top + 4 }, back);
    resize(root, bottom + axisH + 4);
    return root;
  }

  /* ---- numeric axes ---- */

  function niceTicks(max, count) {
    if (!(max > 0)) return [0, 1];
    const raw = max / count;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((k) => k * p).find((s) => s >= raw);
    const out = [];
    for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
    if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
    return out;
  }

  function valueAxis(g, ticksList, y, format, label) {
    const axis = svg("g", { class: "axis" }, g);
    for (const v of ticksList) {
      svg("line", { class: "grid", x1: LEFT, x2: WIDTH - RIGHT, y1: y(v), y2: y(v) }, axis);
      svg("text", { x: LEFT - 6, y: y(v) + 4, "text-anchor": "end" }, axis, format(v));
    }
    if (label) svg("text", { x: 8, y: y(ticksList[ticksList.length - 1]) + 4 }, axis, label);
  }

  /*
   * A step chart over time: spec.series [{label, colour, points: [[t, value], ...]}] where each value holds
   * until the next point; spec.t0/t1 the axis.
   */
  function stepChart(parent, spec) {
    const height = spec.height || 170;
    const root = chart(parent, height + 36, spec.label || "step chart");
    const top = 10;
    const max = Math.max(1, ...spec.series.flatMap((s) => s.points.map((p) => p[1])));
    const ys = niceTicks(max, 4);
    const y = (v) => top + height - (v / ys[ys.length - 1]) * height;
    const x = scale(spec.t0, spec.t1, LEFT, WIDTH - RIGHT);
    const back = svg("g", {}, root);
    valueAxis(back, ys, y, (v) => number(v), spec.yLabel);
    timeAxis(back, spec.t0, spec.t1, x, top, top + height, spec.caption);
    for (const s of spec.series) {
      let d = "";
      let lastY = null;
      let lastX = null;
      for (const [t, v] of s.points) {
        const px = Math.max(LEFT, Math.min(WIDTH - RIGHT, x(t)));
        const py = y(v);
        if (lastY === null) d += "M" + round(px) + " " + round(py);
        else if (py !== lastY) d += "H" + round(px) + "V" + round(py);
        lastY = py;
        lastX = px;
      }
      if (lastX !== null) d += "H" + (WIDTH - RIGHT);
      svg("path", { class: "series", d, stroke: s.colour, "data-tip": s.label }, root);
    }
    svg("rect", { class: "frame", x: LEFT, y: top, width: WIDTH - RIGHT - LEFT, height }, back);
    return root;
  }

  /*
   * A column chart: spec.categories [{label, context, tip}], spec.series [{label, colour, values}],
   * stacked or side by side; spec.format formats values on the axis.
   */
  function columnChart(parent, spec) {
    const height = spec.height || 170;
    const root = chart(parent, height + 40, spec.label || "column chart");
    const top = 10;
    const n = spec.categories.length;
    const totals = spec.categories.map((_, i) => spec.stacked
      ? spec.series.reduce((a, s) => a + (s.values[i] || 0), 0)
      : Math.max(...spec.series.map((s) => s.values[i] || 0)));
    // spec.unit: ticks fall on round multiples of it (1024 for bytes), not on round decimals.
    const unit = spec.unit ? spec.unit(Math.max(...totals, 0)) : 1;
    const ys = niceTicks(Math.max(...totals, 0) / unit, 4).map((v) => v * unit);
    const yMax = ys[ys.length - 1] || 1;
    const y = (v) => top + height - (v / yMax) * height;
    const back = svg("g", {}, root);
    valueAxis(back, ys, y, spec.format || number, spec.yLabel);
    const slot = (WIDTH - RIGHT - LEFT) / Math.max(1, n);
    const inner = Math.max(1, Math.min(60, slot * 0.72));
    const labelEvery = Math.max(1, Math.ceil(n / Math.floor((WIDTH - LEFT - RIGHT) / 70)));
    spec.categories.forEach((c, i) => {
      const cx = LEFT + slot * (i + 0.5);
      let base = 0;
      spec.series.forEach((s, k) => {
        const v = s.values[i] || 0;
        let x0 = cx - inner / 2;
        let w = inner;
        let y0 = y(base + v);
        let h = y(base) - y(base + v);
        if (spec.stacked) {
          base += v;
        } else {
          w = inner / spec.series.length;
          x0 = cx - inner / 2 + k * w;
          y0 = y(v);
          h = y(0) - y(v);
        }
        svg("rect", { class: "col", x: x0, y: y0, width: Math.max(0.8, w - (spec.stacked ? 0 : 1)), height: Math.max(v > 0 ? 0.8 : 0, h),
          fill: s.colour, "data-tip": c.tip || (c.label + "\n" + s.label + ": " + (spec.format || number)(v)) }, root);
      });
      if (i % labelEvery === 0) {
        const axis = svg("g", { class: "axis" }, back);
        svg("text", { x: cx, y: top + height + 14, "text-anchor": "middle" }, axis, c.label);
        if (c.context) svg("text", { class: "context", x: cx, y: top + height + 27, "text-anchor": "middle" }, axis, c.context);
      }
    });
    svg("rect", { class: "frame", x: LEFT, y: top, width: WIDTH - RIGHT - LEFT, height }, back);
    return root;
  }

  /* A table: columns [{label, num, cls}], rows of cell values (a Node is inserted as it is). */
  function table(parent, columns, rows) {
    const t = html("table", {}, null, parent);
    const tr = html("tr", {}, null, html("thead", {}, null, t));
    for (const c of columns) html("th", { class: c.num ? "num" : null }, c.label, tr);
    const body = html("tbody", {}, null, t);
    if (!rows.length) html("td", { class: "note", colspan: columns.length }, "none", html("tr", {}, null, body));
    for (const r of rows) {
      const row = html("tr", {}, null, body);
      r.forEach((v, i) => {
        const td = html("td", { class: columns[i].num ? "num" : columns[i].cls || null }, null, row);
        if (v instanceof Node) td.appendChild(v);
        else td.textContent = v === null || v === undefined ? "-" : String(v);
      });
    }
    return t;
  }

  function badge(text, kind) {
    return html("span", { class: "badge " + (kind || "") }, text);
  }

  /* Live count over time of bars {start, end}: [[t, count], ...] from t0, changes only. */
  function liveCounts(spans, t0, t1) {
    const ev = [];
    for (const s of spans) {
      if (s.end !== null && s.end <= t0) continue;
      if (s.start > t1) continue;
      ev.push([Math.max(t0, s.start), 1]);
      if (s.end !== null && s.end <= t1) ev.push([s.end, -1]);
    }
    ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = [[t0, 0]];
    let n = 0;
    for (let i = 0; i < ev.length; i++) {
      n += ev[i][1];
      if (i + 1 < ev.length && ev[i + 1][0] === ev[i][0]) continue;
      if (out[out.length - 1][0] === ev[i][0]) out[out.length - 1][1] = n;
      else out.push([ev[i][0], n]);
    }
    return out;
  }

  /* Runs the page's drawing; a mark on <body> tells a reader (and the browser test) that it finished. */
  function draw(render) {
    tooltip();
    render();
    document.body.setAttribute("data-rendered", "true");
  }

  return { data, html, svg, ms, time, isUtc, zoned, duration, bytes, byteUnit, shortDate, clock, number, colours, header, section, legend, footer,
    timeline, thin, stepChart, columnChart, table, badge, liveCounts, draw, MAX_BARS, BUCKETS, DAY, HOUR };
})();
