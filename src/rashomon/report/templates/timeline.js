// One chart per story: a lane per outlet, circles for events and diamonds for statements (coloured by
// outlet), agreements as solid and deadlines as dashed vertical lines. The first view spans the
// story's own items; double-click zooms out to show every mark.
(function () {
  const R = Rashomon;
  const data = R.data("timeline-data");
  if (!data) return;
  const symbols = { event: "circle", statement: "diamond" };
  function pad(days, first, last) {
    const t0 = Date.parse(first), t1 = Date.parse(last);
    const margin = Math.max((t1 - t0) * 0.08, days * 864e5);
    return [new Date(t0 - margin).toISOString().slice(0, 10), new Date(t1 + margin).toISOString().slice(0, 10)];
  }
  data.stories.forEach((story, index) => {
    const el = document.getElementById("timeline-" + index);
    if (!el || !story.items.length) return;
    const lanes = [...new Set(story.items.map((i) => i.outlet))].sort();
    // Items of one outlet on one day are spread across the lane so that none hides another.
    const stacks = new Map();
    for (const item of story.items) {
      const key = item.outlet + "\u0000" + item.day;
      stacks.set(key, (stacks.get(key) || []).concat([item]));
    }
    const lift = new Map();
    for (const stack of stacks.values()) {
      const step = Math.min(0.7 / stack.length, 0.14);
      stack.forEach((item, k) => lift.set(item, (k - (stack.length - 1) / 2) * step));
    }
    const row = (item) => lanes.length - 1 - lanes.indexOf(item.outlet) + lift.get(item);
    const traces = [];
    for (const outlet of lanes) {
      for (const kind of ["event", "statement"]) {
        const mine = story.items.filter((i) => i.outlet === outlet && i.kind === kind);
        if (!mine.length) continue;
        traces.push({
          type: "scatter", mode: "markers", name: R.esc(outlet) + " · " + kind + "s",
          x: mine.map((i) => i.day), y: mine.map(row),
          customdata: mine.map((i) => [i.article, i.anchor]),
          text: mine.map((i) => "<b>" + R.esc(i.date || "undated") + "</b>"
            + (i.basis === "publication" ? " (publication day)" : "") + "<br>" + R.esc(i.text)),
          hoverinfo: "text",
          marker: { symbol: symbols[kind], size: kind === "event" ? 10 : 9, opacity: 0.8,
                    color: data.colours[outlet] || "#777", line: { color: "#fff", width: 1 } },
        });
      }
    }
    const shapes = story.marks.map((m) => ({
      type: "line", xref: "x", yref: "paper", x0: m.day, x1: m.day, y0: 0, y1: 1,
      line: { color: m.kind === "deadline" ? "#a33d5c" : "#1d2430", width: 1.2,
              dash: m.kind === "deadline" ? "dash" : "solid" },
    }));
    const annotations = story.marks.map((m, i) => ({
      x: m.day, xref: "x", y: 1, yref: "paper", yanchor: "bottom", yshift: (i % 3) * 14,
      text: R.esc(m.label.length > 48 ? m.label.slice(0, 47) + "…" : m.label), showarrow: false,
      font: { size: 10, color: m.kind === "deadline" ? "#a33d5c" : "#1d2430" },
      hovertext: R.esc(m.label + " (" + m.date + ")"),
    }));
    const days = story.items.map((i) => i.day).sort();
    const layout = {
      font: R.font, height: 110 + 56 * lanes.length, margin: { l: 150, r: 20, t: 56, b: 36 },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fff", showlegend: false, hovermode: "closest",
      xaxis: { type: "date", range: pad(3, days[0], days[days.length - 1]), gridcolor: "#eef0f3" },
      yaxis: { tickvals: lanes.map((_, k) => k), ticktext: lanes.map(R.esc).reverse(),
               range: [-0.6, lanes.length - 0.4], zeroline: false, showgrid: false, fixedrange: true,
               automargin: true },
      shapes, annotations,
    };
    Plotly.newPlot(el, traces, layout, R.config);
    el.on("plotly_click", (event) => {
      const [article, anchor] = (event.points[0] && event.points[0].customdata) || [];
      if (article && /^[A-Za-z0-9_-]+$/.test(article)) {
        window.location.href = "articles/" + article + ".html" + (/^st-\d+$/.test(anchor) ? "#" + anchor : "");
      }
    });
  });
})();
