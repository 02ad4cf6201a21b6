// One labelled matrix as a table of coloured cells (the Step-through's and the Translation page's heatmaps):
// its numbers printed in the cells when the server sends them, hover a cell for its exact value. A table, not a
// canvas: the numbers are text a student can select and a screen reader can read, and it needs no Plotly.js.

// The colour of t in [0, 1] on Plotly's scale `stops` ([[t, "rgb(r, g, b)"], ...]), interpolated as Plotly does.
function scaleColour(stops, t) {
  const x = Math.max(0, Math.min(1, t));
  let i = 1;
  while (i < stops.length - 1 && stops[i][0] < x) i++;
  const [t0, c0] = stops[i - 1];
  const [t1, c1] = stops[i];
  const a = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
  const rgb0 = c0.match(/[\d.]+/g).map(Number);
  const rgb1 = c1.match(/[\d.]+/g).map(Number);
  return [0, 1, 2].map((k) => Math.round(rgb0[k] + a * (rgb1[k] - rgb0[k])));
}

// Printed on a dark cell in white: relative luminance as the eye weighs the channels.
function isDark([r, g, b]) {
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

// The shortest decimal that reads back as the same number: float32 as numpy prints it, float64 as Python does.
function exactText(v, dtype) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "" : (v < 0 ? "-∞" : "∞");
  return dtype === "f4" ? f32Text(v) : String(v);
}

function buildMatrix(root, data, send) {
  const [R, C] = data.shape;
  const bytes = decodeBytes(data.values);
  const values = data.dtype === "f4" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer); // (R, C)
  const span = data.zmax - data.zmin || 1;
  root.dataset.kind = "matrix";

  const table = el("table", data.cells ? "atlas-live-table" : "atlas-live-table atlas-live-compact");
  table.style.fontSize = `${data.font_px}px`;
  if (data.title) table.append(el("caption", "", data.title));
  const head = el("tr");
  const corner = [data.row_title && `${data.row_title} ↓`, data.col_title && `${data.col_title} →`];
  head.append(el("th", "atlas-live-corner", corner.filter(Boolean).join(" ")));
  data.cols.forEach((label, c) => {
    const th = el("th", "atlas-live-col", label);
    th.scope = "col";
    th.dataset.col = String(c);
    head.append(th);
  });
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (let r = 0; r < R; r++) {
    const tr = el("tr");
    if (r === data.highlight) tr.className = "atlas-live-on";
    const th = el("th", "atlas-live-row", data.rows[r]);
    th.scope = "row";
    tr.append(th);
    for (let c = 0; c < C; c++) {
      const v = values[r * C + c];
      const td = el("td", "", data.cells ? data.cells[r][c] : "");
      td.dataset.row = String(r);
      td.dataset.col = String(c);
      if (Number.isFinite(v)) {
        const rgb = scaleColour(data.scale, (v - data.zmin) / span);
        td.style.background = `rgb(${rgb})`;
        if (isDark(rgb)) td.classList.add("atlas-live-dark");
        td.dataset.value = String(v);
      } else {
        td.classList.add("atlas-live-blank"); // hidden (a quiz's "?") or masked: no colour, no hover value
      }
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  const readout = el("div", "atlas-live-readout", data.cells ? data.text.hint : ""); // small panels: no repeated hint
  readout.setAttribute("aria-live", "polite");
  const scroller = el("div", "atlas-live-table-scroll");
  scroller.append(table);
  root.replaceChildren(scroller, readout);

  let lit = null; // the headers of the hovered cell's row and column
  const light = (headers) => {
    if (lit) lit.forEach((node) => node.classList.remove("atlas-live-lit"));
    lit = headers;
    if (lit) lit.forEach((node) => node.classList.add("atlas-live-lit"));
  };
  table.addEventListener("pointerover", (event) => {
    const cell = event.target.closest && event.target.closest("td");
    if (!cell || cell.dataset.value === undefined) return;
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const v = values[r * C + c];
    const name = (title, label) => (title ? `${title} ${label}` : label);
    readout.textContent = `${name(data.row_title, data.rows[r])} · ${name(data.col_title, data.cols[c])} = `
      + exactText(v, data.dtype);
    Object.assign(readout.dataset, { value: String(v), row: String(r), col: String(c) });
    light([body.rows[r].cells[0], head.cells[c + 1]]);
    markDrawn(root, event.timeStamp);
  });
  table.addEventListener("pointerleave", () => light(null));
  markDrawn(root, performance.now());
}
