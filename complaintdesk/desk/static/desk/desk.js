// Behaviour the desk's pages ask for in data attributes: no inline script, so the
// Content-Security-Policy can forbid it (docs/security.md).
"use strict";

// <a data-back>: the browser's back button (error pages).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-back]");
  if (link) {
    event.preventDefault();
    window.history.back();
  }
});
