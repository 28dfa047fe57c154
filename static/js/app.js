// Behaviour shared by every page; loaded from base.html (no inline scripts: the CSP forbids them).
(function () {
  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
