// Long work (a roster of thousands of rows) takes seconds: when a form marked data-busy is sent, say so and
// keep its button from being pressed twice. The message is the form's own element with class "busy".
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-busy")) return;
  var busy = form.querySelector(".busy");
  if (busy) busy.hidden = false;
  form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
    // Disable after the browser has taken the button's own name/value into the submission.
    setTimeout(function () { button.disabled = true; }, 0);
  });
});

// Back to a page the browser kept in its cache: the form is usable again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.querySelectorAll(".busy").forEach(function (busy) { busy.hidden = true; });
    form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
  });
});
