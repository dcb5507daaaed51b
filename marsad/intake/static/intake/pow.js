/* Marsad proof of work (ALTCHA v1 protocol), solved in the background while the reporter
   types. Optional: without it (JavaScript off, old browser) the report is still accepted and
   goes to the low-trust queue that staff read. No network requests are made. */
(function () {
  "use strict";
  var data = document.getElementById("pow-challenge");
  var input = document.getElementById("id_altcha");
  var status = document.getElementById("pow-status");
  if (!data || !input || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var c;
  try { c = JSON.parse(data.textContent); } catch (e) { return; }
  var max = c.maxNumber || c.maxnumber || 1000000;
  var enc = new TextEncoder();
  var done = false, waiting = null;
  function hex(buf) {
    var b = new Uint8Array(buf), s = "";
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }
  function attempt(n) {
    return crypto.subtle.digest("SHA-256", enc.encode(c.salt + n)).then(hex);
  }
  function finish() {
    done = true;
    if (waiting) { var form = waiting; waiting = null; form.submit(); }
  }
  function search(start) {
    var batch = [];
    for (var n = start; n < start + 250 && n <= max; n++) batch.push(n);
    if (!batch.length) { finish(); return; }
    Promise.all(batch.map(attempt)).then(function (hashes) {
      for (var i = 0; i < hashes.length; i++) {
        if (hashes[i] === c.challenge) {
          input.value = btoa(JSON.stringify({
            algorithm: c.algorithm, challenge: c.challenge, number: batch[i],
            salt: c.salt, signature: c.signature
          }));
          finish();
          return;
        }
      }
      setTimeout(function () { search(start + 250); }, 0);
    }, finish);
  }
  var form = input.form;
  if (form) {
    form.addEventListener("submit", function (event) {
      if (done) return;
      event.preventDefault();
      waiting = form;
      if (status) status.textContent = status.getAttribute("data-wait") || "";
      setTimeout(function () { if (waiting) { waiting = null; form.submit(); } }, 8000);
    });
  }
  search(0);
})();
