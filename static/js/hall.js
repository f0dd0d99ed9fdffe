// The opening hall: polls the live part of the page; a status change (the opening) reloads it.
(function () {
  "use strict";
  var box = document.getElementById("hall-live");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-hall-live");
  var status = box.getAttribute("data-status");
  var version = null;
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.status !== status) { window.location.reload(); return; }
        if (version !== null && data.version !== version) { box.innerHTML = data.html; }
        version = data.version;
      })
      .catch(function () { /* try again at the next tick */ });
  }
  poll();
  window.setInterval(poll, 5000);
})();
