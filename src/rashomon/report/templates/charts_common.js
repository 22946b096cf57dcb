// Shared by the chart pages. Data comes from <script type="application/json"> blocks; every string
// that plotly draws goes through esc(), because plotly reads <b>, <a href> and friends in its labels.
"use strict";
const Rashomon = {
  data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  },
  esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  },
  // No mode bar: it covers the marks' labels; dragging zooms and a double-click resets.
  config: { displaylogo: false, responsive: true, displayModeBar: false },
  font: { family: "system-ui, -apple-system, 'Segoe UI', sans-serif", size: 12, color: "#1d2430" },
};
