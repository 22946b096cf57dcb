// The map: basemap layers from the page's GeoJSON, then one point trace per outlet. No geo layer of
// plotly's own is switched on, so plotly never fetches its topojson (it would come from a CDN).
(function () {
  const R = Rashomon;
  const data = R.data("map-data");
  const basemap = R.data("basemap");
  const el = document.getElementById("map");
  if (!data || !basemap || !el) return;
  const selects = ["type", "actor", "outlet"].map((key) => {
    const select = document.getElementById("filter-" + key);
    for (const [value, count] of data.filters[key]) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value + " (" + count + ")";
      select.appendChild(option);
    }
    select.addEventListener("change", draw);
    return [key, select];
  });

  function lines(geometry) {
    // MultiPolygon and MultiLineString coordinates as lon/lat arrays broken by nulls.
    const lon = [], lat = [];
    const parts = geometry.type === "MultiPolygon" ? geometry.coordinates.flat() : geometry.coordinates;
    for (const part of parts) {
      for (const [x, y] of part) { lon.push(x); lat.push(y); }
      lon.push(null); lat.push(null);
    }
    return { lon, lat };
  }
  const styles = {
    land: { fill: "toself", fillcolor: "#efe9dc", line: { color: "#9aa7b4", width: 0.8 } },
    lake: { fill: "toself", fillcolor: "#dfe9f1", line: { color: "#9aa7b4", width: 0.5 } },
    border: { line: { color: "#6d6259", width: 1.1, dash: "dot" } },
    admin: { line: { color: "#b3a898", width: 0.6 } },
  };
  const base = basemap.features.map((f) => Object.assign(
    { type: "scattergeo", mode: "lines", hoverinfo: "skip", showlegend: false, name: f.properties.layer },
    lines(f.geometry), styles[f.properties.layer] || {}));

  function size(p) {
    // Area grows with the toll; events with no reported toll get the smallest marker.
    return p.fatalities ? 9 + 5 * Math.sqrt(p.fatalities) : 8;
  }
  function areaOnly(p) {
    // ACLED geo-precision 3: the article names only a region or country; the point is its centre.
    return p.precision === 3;
  }
  function whereabouts(p) {
    const place = p.place || "place unnamed";
    if (areaOnly(p)) return place + " (only the region or country is named; drawn at its centre)";
    return p.precision === 2 ? "near or in " + place : place;
  }
  function hover(p) {
    const toll = p.fatalities == null ? "no toll reported" : p.fatalities + " killed";
    const hurt = p.injured ? ", " + p.injured + " injured" : "";
    const status = p.status.length ? " (" + p.status.join(", ") + ")" : "";
    return [
      "<b>" + R.esc(p.type) + "</b>" + R.esc(status) + " · " + R.esc(whereabouts(p)),
      R.esc(p.actor) + " → " + R.esc(p.target || "?"),
      R.esc(toll + hurt) + " · " + R.esc(p.date || "date unknown"),
      R.esc(p.outlet) + ": " + R.esc(p.title.slice(0, 90)),
    ].join("<br>");
  }
  function shown() {
    const wanted = selects.map(([key, select]) => [key, select.value]);
    return data.points.filter((p) => wanted.every(([key, value]) => !value || p[key] === value));
  }
  function draw() {
    const points = shown();
    document.getElementById("map-shown").textContent = String(points.length);
    const outlets = [...new Set(points.map((p) => p.outlet))].sort();
    const traces = outlets.map((outlet) => {
      const mine = points.filter((p) => p.outlet === outlet);
      return {
        type: "scattergeo", mode: "markers", name: R.esc(outlet),
        lon: mine.map((p) => p.lon), lat: mine.map((p) => p.lat),
        customdata: mine.map((p) => p.article),
        text: mine.map(hover), hoverinfo: "text",
        marker: { size: mine.map(size), color: data.colours[outlet] || "#777", opacity: 0.75,
                  symbol: mine.map((p) => (areaOnly(p) ? "circle-open" : "circle")),
                  line: { color: "#fff", width: mine.map((p) => (areaOnly(p) ? 2 : 1)) } },
      };
    });
    const [w, s, e, n] = basemap.bbox;
    const layout = {
      font: R.font, margin: { l: 0, r: 0, t: 0, b: 0 }, height: 620, paper_bgcolor: "rgba(0,0,0,0)",
      legend: { bgcolor: "rgba(255,255,255,.85)", x: 0.01, y: 0.99, itemsizing: "constant" },
      geo: {
        projection: { type: "mercator" }, lonaxis: { range: [w, e] }, lataxis: { range: [s, n] },
        showland: false, showocean: false, showlakes: false, showrivers: false, showcountries: false,
        showcoastlines: false, showsubunits: false, showframe: true, framecolor: "#d9dee5",
        bgcolor: "#dfe9f1",
      },
    };
    Plotly.react(el, base.concat(traces), layout, R.config);
  }
  draw();
  el.on("plotly_click", (event) => {
    const article = event.points[0] && event.points[0].customdata;
    if (article && /^[A-Za-z0-9_-]+$/.test(article)) window.location.href = "articles/" + article + ".html";
  });
})();
