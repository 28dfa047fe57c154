// Behaviour shared by every page; loaded from base.html (no inline scripts: the CSP forbids them).
(function () {
  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Signed out: drop the field pages the phone kept for offline use (templates/field/sw.js).
  if (!document.body.hasAttribute("data-signed-in") && window.caches) {
    window.caches.delete("kolplatform-field-pages").catch(function () {});
  }
})();
