// The component's entry (Streamlit custom components v2): called on every mount and whenever the data changes.
// The arrays are decoded and the view built only when the payload differs from the one already drawn, so a
// rerun that sends the same trace leaves the view (and the hovered query) as it was.

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".atlas-live");
  if (!root || !data) return undefined;
  const send = (query) => setTriggerValue("query", query); // the server hears only a chosen query
  const signature = `${data.kind}|${data.shape}|${data.layers}|${data.heads}|${data.weights.length}|${data.weights.slice(0, 64)}`
    + `|${data.layer}|${data.head}|${data.query}|${data.text.layer}|${data.rollout_start}`;
  if (root.dataset.signature === signature) return undefined;
  try {
    (data.kind === "image" ? buildImage : buildTokens)(root, data, send);
    root.dataset.signature = signature;
    // What this page load carried for the explorer, as JSON text in UTF-8 (the benchmark prints it).
    root.dataset.payloadBytes = String(new TextEncoder().encode(JSON.stringify(data)).length);
    root.dataset.ready = "1";
  } catch (err) {
    // Say so in the page: the other views of the selector still work.
    root.replaceChildren(el("div", "atlas-live-error", `${data.text.error || "Error"}: ${err}`));
    root.dataset.ready = "error";
  }
  return undefined;
}
