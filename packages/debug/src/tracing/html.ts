/** Export as a self-contained HTML page with a zoomable timeline (no network needed). */
import { spans } from "./spans.js";
import type { Trace } from "./trace.js";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The trace as an HTML page. */
export function toHtml(trace: Trace, options: { title?: string }): string {
  const title = options.title ?? "aio trace";
  const data = {
    origin: trace.origin,
    end: trace.end,
    tasks: trace.tasks,
    spans: spans(trace),
    marks: trace.events
      .filter((e) => e.type === "timer" || e.type === "cancel" || e.type === "idle")
      .map((e) => ({ t: e.t, type: e.type, task: "task" in e ? e.task : 0 })),
  };
  // The JSON goes inside a <script> element: no "</script" may appear in it.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 12px; color: #222; }
#controls { margin-bottom: 8px; }
#controls button { margin-right: 4px; }
svg { border: 1px solid #ccc; background: #fff; }
.track-name { font: 12px monospace; fill: #222; }
.step { fill: #3b82f6; }
.wait { fill: #e5e7eb; }
.ready { fill: #fde68a; }
.axis { font: 10px monospace; fill: #666; }
.mark-timer { stroke: #16a34a; }
.mark-cancel { stroke: #dc2626; }
.mark-idle { stroke: #9ca3af; stroke-dasharray: 2 2; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="controls">
<button id="zoom-in" type="button">Zoom in</button>
<button id="zoom-out" type="button">Zoom out</button>
<button id="reset" type="button">Reset</button>
<span id="range"></span>
</div>
<svg id="timeline" xmlns="http://www.w3.org/2000/svg"></svg>
<p>Blue: running a step. Grey: waiting on a future. Yellow: queued again (bare yield). Lines: green timers, red cancellations, dashed idle waits. Wheel or buttons to zoom, drag to pan.</p>
<script id="trace-data" type="application/json">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("trace-data").textContent);
  var svg = document.getElementById("timeline");
  var NS = "http://www.w3.org/2000/svg";
  var NAME_W = 160, ROW_H = 22, TOP = 24, WIDTH = 1000;
  var total = Math.max(data.end - data.origin, 1e-9);
  var view = { from: 0, to: total };
  var rowOf = {};
  data.tasks.forEach(function (t, i) { rowOf[t.id] = i; });
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var RIGHT = 12; // room at the right edge for the last steps and marks
  function x(t) { return NAME_W + ((t - data.origin - view.from) / (view.to - view.from)) * (WIDTH - NAME_W - RIGHT); }
  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var height = TOP + data.tasks.length * ROW_H + 8;
    svg.setAttribute("width", WIDTH);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    for (var i = 0; i <= 4; i++) {
      var t = view.from + ((view.to - view.from) * i) / 4;
      var px = NAME_W + ((WIDTH - NAME_W - 40) * i) / 4;
      svg.appendChild(el("text", { x: px, y: 14, class: "axis" }, t.toFixed(3) + "s"));
    }
    data.tasks.forEach(function (task, i) {
      var y = TOP + i * ROW_H;
      var g = el("g", { class: "track", "data-task": task.name });
      g.appendChild(el("text", { x: 4, y: y + 15, class: "track-name" }, task.name));
      svg.appendChild(g);
    });
    data.spans.forEach(function (s) {
      var y = TOP + rowOf[s.task] * ROW_H + 3;
      var x0 = Math.max(NAME_W, x(s.start)), x1 = Math.min(WIDTH, x(s.end));
      if (x1 < NAME_W || x0 > WIDTH) return;
      var cls = s.kind === "step" ? "step" : s.label === "ready (bare yield)" ? "ready" : "wait";
      var r = el("rect", { x: x0, y: y, width: Math.max(s.kind === "step" ? 2 : 0, x1 - x0), height: ROW_H - 6, class: cls, "data-task": data.tasks[rowOf[s.task]].name });
      r.appendChild(el("title", {}, s.label + " " + (s.start - data.origin).toFixed(6) + "s to " + (s.end - data.origin).toFixed(6) + "s"));
      svg.appendChild(r);
    });
    data.marks.forEach(function (m) {
      var px = x(m.t);
      if (px < NAME_W || px > WIDTH) return;
      var row = m.task ? rowOf[m.task] : -1;
      var y0 = row >= 0 ? TOP + row * ROW_H : TOP, y1 = row >= 0 ? y0 + ROW_H : TOP + data.tasks.length * ROW_H;
      svg.appendChild(el("line", { x1: px, x2: px, y1: y0, y2: y1, class: "mark-" + m.type }));
    });
    document.getElementById("range").textContent = view.from.toFixed(3) + "s – " + view.to.toFixed(3) + "s";
  }
  function zoom(factor, at) {
    var span = view.to - view.from, center = at === undefined ? view.from + span / 2 : at;
    var next = Math.min(total, Math.max(total / 1e6, span * factor));
    view.from = Math.max(0, center - (center - view.from) * (next / span));
    view.to = Math.min(total, view.from + next);
    draw();
  }
  document.getElementById("zoom-in").onclick = function () { zoom(0.5); };
  document.getElementById("zoom-out").onclick = function () { zoom(2); };
  document.getElementById("reset").onclick = function () { view = { from: 0, to: total }; draw(); };
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var at = view.from + ((ev.clientX - rect.left - NAME_W) / (WIDTH - NAME_W - RIGHT)) * (view.to - view.from);
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, at);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, from: view.from, to: view.to }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dt = ((drag.x - ev.clientX) / (WIDTH - NAME_W - RIGHT)) * (drag.to - drag.from);
    var span = drag.to - drag.from;
    view.from = Math.min(Math.max(0, drag.from + dt), total - span);
    view.to = view.from + span;
    draw();
  });
  draw();
})();
</script>
</body>
</html>
`;
}
