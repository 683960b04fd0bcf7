// Behaviour the portal's pages ask for in data attributes: no inline script, so the
// Content-Security-Policy can forbid it (docs/security.md).
"use strict";

// <form data-confirm="question">: ask before sending (withdrawing a complaint).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
