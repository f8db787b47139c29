// The matrix view: bring the first cited cell into view. A link from an answer also names
// it in its #fragment, which the browser follows by itself, with or without this script.
"use strict";

(function () {
  const first = document.querySelector("[data-cited]");
  if (first && !location.hash) first.scrollIntoView({ block: "center" });
})();
