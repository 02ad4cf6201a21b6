// The Image explorer: the picture with its patch grid (hover a patch: it becomes the query), one canvas per head
// of the layer redrawn over the picture, a layer scrubber and the rollout's layer scrubber. Everything is drawn
// from the arrays already in the page; only a click tells the server (the step-by-step inspector's query).

const PICKER_PX = 240; // the query picker and the rollout map
const HEAD_PX = 150; // one head's small map

// (h, w, 3) RGB bytes -> a canvas of the picture at its own size, drawn scaled (not smoothed) onto the maps.
function pictureCanvas(bytes, shape) {
  const [h, w] = shape;
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d");
  const pixels = ctx.createImageData(w, h);
  for (let i = 0, j = 0; i < w * h; i++, j += 3) {
    pixels.data.set([bytes[j], bytes[j + 1], bytes[j + 2], 255], i * 4);
  }
  ctx.putImageData(pixels, 0, 0);
  return canvas;
}

function mapCanvas(className, px) {
  const canvas = el("canvas", className);
  canvas.width = px;
  canvas.height = px;
  return canvas;
}

// The patch under the pointer as a token index (prefix tokens first, then row-major patches).
function patchAt(event, canvas, grid, prefix) {
  const box = canvas.getBoundingClientRect();
  const [rows, cols] = grid;
  const c = Math.min(cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)));
  const r = Math.min(rows - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * rows)));
  return prefix + r * cols + c;
}

// The picture over the whole canvas; returns the context and one patch's width and height in canvas pixels.
function paintPicture(canvas, picture, grid) {
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(picture, 0, 0, canvas.width, canvas.height);
  return { ctx, cw: canvas.width / grid[1], ch: canvas.height / grid[0] };
}

// Picture, then one translucent cell per patch: values[prefix + k] / top, and the query's outline.
function drawMap(canvas, picture, values, grid, prefix, top, query) {
  const { ctx, cw, ch } = paintPicture(canvas, picture, grid);
  const [rows, cols] = grid;
  for (let k = 0; k < rows * cols; k++) {
    ctx.fillStyle = heatRGBA(top > 0 ? values[prefix + k] / top : 0);
    ctx.fillRect((k % cols) * cw, Math.floor(k / cols) * ch, cw, ch);
  }
  if (query >= prefix) outlineCell(ctx, query - prefix, grid, cw, ch, "#00e5ff");
}

function outlineCell(ctx, patch, grid, cw, ch, colour) {
  const cols = grid[1];
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.strokeRect((patch % cols) * cw + 1, Math.floor(patch / cols) * ch + 1, cw - 2, ch - 2);
}

function drawGrid(canvas, picture, grid, prefix, query) {
  const { ctx, cw, ch } = paintPicture(canvas, picture, grid);
  const [rows, cols] = grid;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.45)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let c = 1; c < cols; c++) { ctx.moveTo(c * cw, 0); ctx.lineTo(c * cw, canvas.height); }
  for (let r = 1; r < rows; r++) { ctx.moveTo(0, r * ch); ctx.lineTo(canvas.width, r * ch); }
  ctx.stroke();
  if (query >= prefix) outlineCell(ctx, query - prefix, grid, cw, ch, "#00e5ff");
}

function buildImage(root, data, send) {
  const [, H, N] = data.shape;
  const [first, last] = data.layers;
  const text = data.text;
  const weights = decodeF32(data.weights); // (last - first, H, N, N)
  const picture = pictureCanvas(decodeBytes(data.image), data.image_shape);
  const rollout = data.rollout ? decodeF32(data.rollout) : null; // (L', N) the [CLS] row after each layer
  const grid = data.grid;
  const prefix = data.prefix;
  const state = { layer: data.layer, query: data.query, pinned: data.query, rolloutAt: 0, shared: false };
  root.dataset.kind = "image";

  const controls = el("div", "atlas-live-controls");
  const layer = rangeInput("atlas-live-layer", text.layer, last - 1, state.layer, last - first === 1);
  layer.input.min = String(first);
  controls.append(layer.wrap);
  let rolloutRange = null;
  if (rollout) {
    const steps = data.rollout_shape[0];
    state.rolloutAt = steps - 1;
    rolloutRange = rangeInput("atlas-live-rollout-layer", text.rollout_layer, steps - 1, state.rolloutAt, false);
    rolloutRange.input.min = "0";
    rolloutRange.out.textContent = String(data.rollout_start + state.rolloutAt);
    controls.append(rolloutRange.wrap);
  }
  const shared = el("label", "atlas-live-check");
  const box = el("input");
  box.type = "checkbox";
  shared.append(box, el("span", "", text.scale));
  controls.append(shared);
  const readout = el("div", "atlas-live-readout", text.hint);
  readout.setAttribute("aria-live", "polite");
  const note = last - first === 1 ? el("div", "atlas-live-note", text.one_layer) : null;

  const side = el("div", "atlas-live-side");
  const picker = mapCanvas("atlas-live-picker", PICKER_PX);
  const prefixRow = el("div", "atlas-live-prefix");
  for (let t = 0; t < prefix; t++) {
    const button = el("button", "atlas-live-token", data.tokens[t]);
    button.type = "button";
    button.dataset.token = String(t);
    prefixRow.append(button);
  }
  const pickFigure = el("figure", "atlas-live-figure");
  pickFigure.append(picker, prefixRow, el("figcaption", "", text.picker));
  side.append(pickFigure);
  let rolloutCanvas = null;
  if (rollout) {
    rolloutCanvas = mapCanvas("atlas-live-rollout", PICKER_PX);
    const figure = el("figure", "atlas-live-figure");
    figure.append(rolloutCanvas, el("figcaption", "", text.rollout));
    side.append(figure);
  }
  const heads = el("div", "atlas-live-heads");
  const headCanvases = [];
  for (let h = 0; h < H; h++) {
    const canvas = mapCanvas("atlas-live-head", HEAD_PX);
    canvas.dataset.head = String(h);
    const figure = el("figure", "atlas-live-figure");
    figure.append(canvas, el("figcaption", "", `${text.head} ${h}`));
    heads.append(figure);
    headCanvases.push(canvas);
  }
  const body = el("div", "atlas-live-body");
  body.append(side, heads);
  root.replaceChildren(...[controls, note, readout, body].filter(Boolean));

  // (N,) the query's row of one head in the current layer: a view into the decoded array, no copy.
  const rowOf = (h) => {
    const at = (((state.layer - first) * H + h) * N + state.query) * N;
    return weights.subarray(at, at + N);
  };

  const draw = (eventAt) => {
    drawGrid(picker, picture, grid, prefix, state.query);
    const rows = headCanvases.map((_, h) => rowOf(h));
    const tops = rows.map((row) => maxOf(row, prefix, N));
    const common = Math.max(...tops);
    rows.forEach((row, h) => {
      const canvas = headCanvases[h];
      drawMap(canvas, picture, row, grid, prefix, state.shared ? common : tops[h], state.query);
      canvas.dataset.layer = String(state.layer);
      canvas.dataset.query = String(state.query);
      canvas.dataset.values = valuesAttr(row);
    });
    root.dataset.layer = String(state.layer);
    root.dataset.query = String(state.query);
    markDrawn(root, eventAt);
  };
  const drawRollout = () => {
    if (!rollout) return;
    const row = rollout.subarray(state.rolloutAt * N, (state.rolloutAt + 1) * N);
    drawMap(rolloutCanvas, picture, row, grid, prefix, maxOf(row, prefix, N), -1);
    rolloutCanvas.dataset.layer = String(data.rollout_start + state.rolloutAt);
    rolloutCanvas.dataset.values = valuesAttr(row);
  };
  const schedule = frameScheduler(draw);

  const show = (template, values, value) => {
    readout.textContent = fill(template, { ...values, value: f32Text(value) });
    readout.dataset.value = String(value);
  };
  const setQuery = (query, eventAt) => {
    if (query === state.query) return;
    state.query = query;
    schedule(eventAt);
  };
  picker.addEventListener("pointermove", (event) => setQuery(patchAt(event, picker, grid, prefix), event.timeStamp));
  picker.addEventListener("pointerleave", (event) => setQuery(state.pinned, event.timeStamp));
  picker.addEventListener("click", (event) => {
    state.pinned = patchAt(event, picker, grid, prefix);
    setQuery(state.pinned, event.timeStamp);
    send(state.pinned);
  });
  prefixRow.addEventListener("pointerover", (event) => {
    const token = event.target.dataset && event.target.dataset.token;
    if (token !== undefined) setQuery(Number(token), event.timeStamp);
  });
  prefixRow.addEventListener("click", (event) => {
    const token = event.target.dataset && event.target.dataset.token;
    if (token === undefined) return;
    state.pinned = Number(token);
    send(state.pinned);
  });
  headCanvases.forEach((canvas, h) => {
    canvas.addEventListener("pointermove", (event) => {
      const key = patchAt(event, canvas, grid, prefix);
      show(text.readout, { layer: state.layer, head: h, query: data.tokens[state.query], key: data.tokens[key] },
           rowOf(h)[key]);
      Object.assign(readout.dataset, { head: String(h), query: String(state.query), key: String(key) });
    });
  });
  if (rolloutCanvas) {
    rolloutCanvas.addEventListener("pointermove", (event) => {
      const key = patchAt(event, rolloutCanvas, grid, prefix);
      show(text.readout_rollout, { layer: data.rollout_start + state.rolloutAt, key: data.tokens[key] },
           rollout[state.rolloutAt * N + key]);
    });
    rolloutRange.input.addEventListener("input", () => {
      state.rolloutAt = Number(rolloutRange.input.value);
      rolloutRange.out.textContent = String(data.rollout_start + state.rolloutAt);
      drawRollout();
    });
  }
  layer.input.addEventListener("input", (event) => {
    state.layer = Number(layer.input.value);
    schedule(event.timeStamp);
  });
  box.addEventListener("change", (event) => {
    state.shared = box.checked;
    schedule(event.timeStamp);
  });
  draw(performance.now());
  drawRollout();
}
