// The public feedback form: a changed answer loses its error mark.
document.addEventListener("change", function (e) {
  var f = e.target.closest(".invalid");
  if (f) {
    f.classList.remove("invalid");
    f.querySelectorAll(".err").forEach(function (x) { x.remove(); });
  }
});
