// The Sentence explorer: the tokens in two columns (queries left, keys right) with a line from the query to every
// key (bertviz's head view), and the head's token × token matrix; hover a token and both follow, scrub layer and
// head. Drawn from the arrays already in the page; only a click tells the server.

const SVG = "http://www.w3.org/2000/svg";
const ROW_PX = 20; // one token's row in the two columns
const COLUMN_PX = 130; // width of each column of tokens
const GAP_PX = 120; // where the lines run
const MATRIX_PX = 360; // the matrix's drawn side, whatever N

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Two columns of tokens and N lines from the query; returns the elements the redraw updates.
function buildColumns(tokens) {
  const n = tokens.length;
  const width = 2 * COLUMN_PX + GAP_PX;
  const svg = svgEl("svg", { width, height: n * ROW_PX + 4, class: "atlas-live-columns" });
  const lines = [];
  const keys = [];
  const queries = [];
  const y = (i) => i * ROW_PX + ROW_PX / 2 + 2;
  for (let i = 0; i < n; i++) {
    const line = svgEl("line", { x1: COLUMN_PX, y1: y(0), x2: COLUMN_PX + GAP_PX, y2: y(i), class: "atlas-live-line" });
    lines.push(line);
    svg.append(line);
  }
  for (let i = 0; i < n; i++) {
    const q = svgEl("g", { class: "atlas-live-q", "data-token": i });
    q.append(svgEl("rect", { x: 0, y: y(i) - ROW_PX / 2, width: COLUMN_PX - 6, height: ROW_PX - 2 }),
             svgEl("text", { x: COLUMN_PX - 10, y: y(i), "text-anchor": "end", "dominant-baseline": "middle" },
                   tokens[i]));
    const k = svgEl("g", { class: "atlas-live-k", "data-token": i });
    const x = COLUMN_PX + GAP_PX;
    k.append(svgEl("rect", { x: x + 4, y: y(i) - ROW_PX / 2, width: COLUMN_PX - 6, height: ROW_PX - 2 }),
             svgEl("text", { x: x + 10, y: y(i), "dominant-baseline": "middle" }, tokens[i]));
    queries.push(q);
    keys.push(k);
    svg.append(q, k);
  }
  return { svg, lines, keys, queries, y };
}

// (N, N) weights of one head as an N × N image, white → blue on the fixed 0…1 scale.
function drawMatrix(canvas, weights, at, n) {
  const ctx = canvas.getContext("2d");
  const pixels = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = blueRGB(weights[at + i]);
    pixels.data[4 * i] = r;
    pixels.data[4 * i + 1] = g;
    pixels.data[4 * i + 2] = b;
    pixels.data[4 * i + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
}

function tokenOf(event) {
  const group = event.target.closest && event.target.closest("[data-token]");
  return group ? Number(group.getAttribute("data-token")) : null;
}

function buildTokens(root, data, send) {
  const N = data.shape[2];
  const [first, last] = data.layers;
  const [h0, h1] = data.heads; // one head only where even a layer is too big for the page (viz/live.py)
  const text = data.text;
  const weights = decodeF32(data.weights); // (last - first, h1 - h0, N, N)
  const state = { layer: data.layer, head: data.head, query: data.query, pinned: data.query };
  root.dataset.kind = "tokens";

  const controls = el("div", "atlas-live-controls");
  const layer = rangeInput("atlas-live-layer", text.layer, last - 1, state.layer, last - first === 1);
  layer.input.min = String(first);
  const head = rangeInput("atlas-live-head", text.head, h1 - 1, state.head, h1 - h0 === 1);
  head.input.min = String(h0);
  controls.append(layer.wrap, head.wrap);
  const partial = h1 - h0 === 1 ? text.one_head : (last - first === 1 ? text.one_layer : null);
  const note = partial ? el("div", "atlas-live-note", partial) : null;
  const readout = el("div", "atlas-live-readout", text.hint);
  readout.setAttribute("aria-live", "polite");

  const columns = buildColumns(data.tokens);
  const scroller = el("div", "atlas-live-scroll");
  scroller.append(columns.svg);
  const matrix = el("canvas", "atlas-live-matrix");
  matrix.width = N;
  matrix.height = N;
  matrix.style.width = matrix.style.height = `${MATRIX_PX}px`;
  const band = el("div", "atlas-live-band"); // the query's row, outlined over the matrix
  const matrixBox = el("div", "atlas-live-matrix-box");
  matrixBox.append(matrix, band);
  const linesFigure = el("figure", "atlas-live-figure");
  linesFigure.append(scroller, el("figcaption", "", text.lines));
  const matrixFigure = el("figure", "atlas-live-figure");
  matrixFigure.append(matrixBox, el("figcaption", "", text.matrix));
  const body = el("div", "atlas-live-body");
  body.append(linesFigure, matrixFigure);
  root.replaceChildren(...[controls, note, readout, body].filter(Boolean));

  const headAt = () => ((state.layer - first) * (h1 - h0) + state.head - h0) * N * N; // the (N, N) matrix's start
  const rowOf = (q) => weights.subarray(headAt() + q * N, headAt() + (q + 1) * N);
  let drawnHead = null;

  const draw = (eventAt) => {
    const row = rowOf(state.query);
    const top = maxOf(row, 0, N);
    const yq = columns.y(state.query);
    for (let k = 0; k < N; k++) {
      const v = row[k];
      const line = columns.lines[k];
      line.setAttribute("y1", String(yq));
      line.setAttribute("stroke-opacity", (top > 0 ? v / top : 0).toFixed(3));
      line.setAttribute("stroke-width", String(1 + 3 * v));
      const key = columns.keys[k];
      key.setAttribute("data-value", String(v));
      key.firstChild.setAttribute("fill-opacity", v.toFixed(3));
    }
    columns.queries.forEach((q, i) => q.classList.toggle("atlas-live-on", i === state.query));
    const shown = `${state.layer}/${state.head}`;
    if (drawnHead !== shown) { // the matrix changes with the head, not with the query
      drawMatrix(matrix, weights, headAt(), N);
      drawnHead = shown;
    }
    band.style.top = `${(state.query / N) * MATRIX_PX}px`;
    band.style.height = `${Math.max(2, MATRIX_PX / N)}px`;
    for (const node of [matrix, columns.svg]) {
      node.dataset.layer = String(state.layer);
      node.dataset.head = String(state.head);
      node.dataset.query = String(state.query);
    }
    matrix.dataset.values = valuesAttr(row);
    root.dataset.layer = String(state.layer);
    root.dataset.head = String(state.head);
    root.dataset.query = String(state.query);
    markDrawn(root, eventAt);
  };
  const schedule = frameScheduler(draw);
  const show = (q, k) => {
    const v = rowOf(q)[k];
    readout.textContent = fill(text.readout, { layer: state.layer, head: state.head, query: data.tokens[q],
                                                key: data.tokens[k], value: f32Text(v) });
    Object.assign(readout.dataset, { value: String(v), query: String(q), key: String(k) });
  };
  const setQuery = (query, eventAt) => {
    if (query === state.query) return;
    state.query = query;
    schedule(eventAt);
  };

  columns.svg.addEventListener("pointerover", (event) => {
    const token = tokenOf(event);
    if (token === null) return;
    if (event.target.closest(".atlas-live-q")) setQuery(token, event.timeStamp);
    else show(state.query, token);
  });
  columns.svg.addEventListener("pointerleave", (event) => setQuery(state.pinned, event.timeStamp));
  columns.svg.addEventListener("click", (event) => {
    const token = tokenOf(event);
    if (token === null || !event.target.closest(".atlas-live-q")) return;
    state.pinned = token;
    setQuery(token, event.timeStamp);
    send(token);
  });
  matrix.addEventListener("pointermove", (event) => {
    const box = matrix.getBoundingClientRect();
    const k = Math.min(N - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * N)));
    const q = Math.min(N - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * N)));
    show(q, k);
  });
  layer.input.addEventListener("input", (event) => {
    state.layer = Number(layer.input.value);
    schedule(event.timeStamp);
  });
  head.input.addEventListener("input", (event) => {
    state.head = Number(head.input.value);
    schedule(event.timeStamp);
  });
  draw(performance.now());
}
