/* Marsad quick exit (templates/includes/safety_bar.html). Without JavaScript the link still
   leaves; with it, this page is also taken out of the history (Back does not return to it)
   and pressing Esc twice leaves too. Loads nothing. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit"), last = 0;
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.className += " leaving";
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.altKey || event.ctrlKey || event.metaKey) return;
    var now = Date.now();
    if (now - last < 1500) leave(event);
    last = now;
  });
})();
