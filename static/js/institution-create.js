// The expert form's "New institution" window: closed once the institution is created (the server
// answers with the picker's options, the new one selected, and the event "institution-created").
(function () {
  document.body.addEventListener("institution-created", function () {
    var modal = document.getElementById("institution-modal");
    if (modal && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(modal).hide();
    var picker = document.getElementById("id_institution");
    if (picker) picker.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
