// A caption's words, each with its attention over the picture (the Captioning page): the chosen word's map, large,
// beside a strip of every word's map; hover a word (or its small map) and the large map follows; hover the large
// map for a region's exact weight; a click on a word tells the server (the page's word).

const WORD_MAP_PX = 320;
const STRIP_PX = 96;

function buildWords(root, data, send) {
  const [T, G] = data.shape;
  const weights = decodeF32(data.weights); // (T, G, G)
  const picture = pictureCanvas(decodeBytes(data.image), data.image_shape);
  const grid = [G, G];
  const state = { step: data.step, pinned: data.step };
  root.dataset.kind = "words";

  const words = el("div", "atlas-live-words");
  const buttons = data.words.map((word, t) => {
    const button = el("button", "atlas-live-token", word);
    button.type = "button";
    button.dataset.step = String(t);
    words.append(button);
    return button;
  });
  const readout = el("div", "atlas-live-readout", data.text.hint);
  readout.setAttribute("aria-live", "polite");
  const map = mapCanvas("atlas-live-map", WORD_MAP_PX);
  const caption = el("figcaption", "");
  const figure = el("figure", "atlas-live-figure");
  figure.append(map, caption);
  const mapOf = (t) => weights.subarray(t * G * G, (t + 1) * G * G);
  // Every word's map, each on its own colour scale, drawn once: the strip does not change with the pointer.
  const strip = el("div", "atlas-live-heads");
  const small = data.words.map((word, t) => {
    const canvas = mapCanvas("atlas-live-thumb", STRIP_PX);
    canvas.dataset.step = String(t);
    const values = mapOf(t);
    drawMap(canvas, picture, values, grid, 0, maxOf(values, 0, G * G), -1);
    const cell = el("figure", "atlas-live-figure");
    cell.append(canvas, el("figcaption", "", `${t + 1}. ${word}`));
    strip.append(cell);
    return canvas;
  });
  const body = el("div", "atlas-live-body");
  body.append(figure, strip);
  root.replaceChildren(words, readout, body);

  const draw = (eventAt) => {
    const values = mapOf(state.step);
    drawMap(map, picture, values, grid, 0, maxOf(values, 0, G * G), -1);
    buttons.forEach((button, t) => button.classList.toggle("atlas-live-on", t === state.step));
    small.forEach((canvas, t) => canvas.classList.toggle("atlas-live-on", t === state.step));
    caption.textContent = fill(data.text.map, { word: data.words[state.step], step: state.step + 1 });
    map.dataset.step = String(state.step);
    map.dataset.values = valuesAttr(values);
    root.dataset.step = String(state.step);
    markDrawn(root, eventAt);
  };
  const schedule = frameScheduler(draw);
  const setStep = (t, eventAt) => {
    if (t === state.step) return;
    state.step = t;
    schedule(eventAt);
  };
  const stepOf = (event) => {
    const button = event.target.closest && event.target.closest("[data-step]");
    return button ? Number(button.dataset.step) : null;
  };
  for (const chooser of [words, strip]) {
    chooser.addEventListener("pointerover", (event) => {
      const t = stepOf(event);
      if (t !== null) setStep(t, event.timeStamp);
    });
    chooser.addEventListener("pointerleave", (event) => setStep(state.pinned, event.timeStamp));
    chooser.addEventListener("click", (event) => {
      const t = stepOf(event);
      if (t === null) return;
      state.pinned = t;
      setStep(t, event.timeStamp);
      send(t);
    });
  }
  map.addEventListener("pointermove", (event) => {
    const k = patchAt(event, map, grid, 0);
    const v = mapOf(state.step)[k];
    readout.textContent = fill(data.text.readout, { word: data.words[state.step], row: Math.floor(k / G) + 1,
                                                    col: (k % G) + 1, value: f32Text(v) });
    Object.assign(readout.dataset, { value: String(v), step: String(state.step), region: String(k) });
  });
  draw(performance.now());
}
