// What both explorers share: decoding the payload (viz/live.py), the numbers as text, colours, timing marks.
// ui/live.py joins common.js, image.js, tokens.js and main.js into one module: components v2 take one script
// and no build step, so the files are plain functions in one scope.

// base64 -> bytes. The payload is little-endian float32 and every browser we serve is little-endian, so the bytes
// are a Float32Array as they are: the trace's exact bits, no parsing of decimal text.
function decodeBytes(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function decodeF32(text) {
  return new Float32Array(decodeBytes(text).buffer);
}

// The shortest decimal that reads back as the same float32 (numpy prints float32 so): the number shown is the
// trace's number, not a rounding of it.
function f32Text(v) {
  for (let p = 1; p < 10; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

// One row of values as the data attribute a test reads back: String() of a float32 widened to a double is
// exact, and fast enough for a few thousand values a frame (f32Text is kept for what people read).
function valuesAttr(values) {
  return Array.prototype.join.call(values, ",");
}

// The attention colour: transparent → orange-red, as alpha over the picture; t in [0, 1].
function heatRGBA(t) {
  const a = Math.max(0, Math.min(1, t));
  return `rgba(255, ${Math.round(200 - 170 * a)}, 0, ${(0.08 + 0.82 * a).toFixed(3)})`;
}

// Matrix cells: white → deep blue, as the Plotly matrix view draws zmin 0 … zmax 1.
function blueRGB(t) {
  const a = Math.max(0, Math.min(1, t));
  return [Math.round(255 - 247 * a), Math.round(255 - 207 * a), Math.round(255 - 148 * a)];
}

function maxOf(values, from, to) {
  let m = 0;
  for (let i = from; i < to; i++) if (values[i] > m) m = values[i];
  return m;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

// A redraw is finished when its frame's work is done: the root records the pointer event's time (the browser's
// own event.timeStamp, on the performance.now clock) and the end of the redraw, and counts redraws, so a test or
// the benchmark can read latency and wait for a redraw without guessing.
function markDrawn(root, eventAt) {
  root.dataset.eventAt = String(eventAt);
  root.dataset.drawnAt = String(performance.now());
  root.dataset.draws = String(Number(root.dataset.draws || 0) + 1);
}

// Pointer moves arrive faster than frames: keep the latest, redraw once per frame.
function frameScheduler(draw) {
  let pending = null;
  return (eventAt) => {
    if (pending === null) {
      requestAnimationFrame(() => {
        const at = pending;
        pending = null;
        draw(at);
      });
    }
    pending = eventAt;
  };
}

function rangeInput(className, label, max, value, disabled) {
  const wrap = el("label", "atlas-live-range " + className);
  const text = el("span", "atlas-live-range-label", label);
  const input = el("input");
  input.type = "range";
  input.min = "0";
  input.max = String(max);
  input.step = "1";
  input.value = String(value);
  input.disabled = Boolean(disabled);
  input.setAttribute("aria-label", label);
  const out = el("output", "atlas-live-range-value", String(value));
  input.addEventListener("input", () => { out.textContent = input.value; });
  wrap.append(text, input, out);
  return { wrap, input, out };
}
