// The framing heatmap: for the chosen actor, how often each outlet uses each label for it.
(function () {
  const R = Rashomon;
  const data = R.data("heatmap-data");
  const el = document.getElementById("heatmap");
  const select = document.getElementById("heatmap-actor");
  if (!data || !el || !select || !data.actors.length) return;
  data.actors.forEach((actor, index) => {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = actor.name + " (" + actor.mentions + " mentions)";
    select.appendChild(option);
  });
  function draw() {
    const actor = data.actors[Number(select.value) || 0];
    // Only the outlets that mention the actor; empty cells stay blank rather than the colour of zero.
    const cols = data.outlets.map((_, j) => j).filter((j) => actor.totals[j] > 0);
    const x = cols.map((j) => R.esc(data.outlets[j]));
    const y = actor.labels.map(R.esc);
    const z = actor.counts.map((row) => cols.map((j) => row[j] || null));
    const text = actor.counts.map((row, i) => cols.map((j) => (row[j]
      ? R.esc(data.outlets[j]) + " calls " + R.esc(actor.name) + " <b>" + R.esc(actor.labels[i]) + "</b>: "
        + row[j] + " of " + actor.totals[j] + " mentions"
      : "")));
    const trace = {
      type: "heatmap", x, y, z, text, hoverinfo: "text", xgap: 2, ygap: 2,
      colorscale: [[0, "#f3e6d8"], [1, "#8a3b12"]], colorbar: { title: { text: "uses" }, thickness: 12 },
      texttemplate: "%{z}", hoverongaps: false,
    };
    const layout = {
      font: R.font, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fff",
      height: Math.max(260, 90 + 30 * y.length), margin: { l: 10, r: 10, t: 10, b: 10 },
      xaxis: { side: "top", automargin: true, tickangle: -30 },
      yaxis: { autorange: "reversed", automargin: true },
    };
    Plotly.react(el, [trace], layout, R.config);
  }
  select.addEventListener("change", draw);
  draw();
})();
