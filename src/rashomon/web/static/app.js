// Live filters: a changed choice in a filter form reloads the list at once (a plain GET, so the
// filtered view stays a link). Text fields still wait for Enter or the Filter button.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.filters")) {
    for (const field of form.querySelectorAll("select")) {
      field.addEventListener("change", () => {
        const offset = form.querySelector("input[name=offset]");
        if (offset) offset.remove(); // a new filter starts again at the first page
        form.requestSubmit();
      });
    }
  }
});
