// Progressive enhancements for every page; the server never depends on them.
(function () {
  "use strict";
  // Forms (or the button that submits them) with data-confirm ask before an irreversible action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute && button.getAttribute("data-confirm")) ||
      (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // Countdowns: <span data-countdown="ISO time" data-expired="text">server-rendered text</span>.
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    var nodes = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var left = Math.floor((Date.parse(node.getAttribute("data-countdown")) - Date.now()) / 1000);
      if (isNaN(left)) { continue; }
      if (left <= 0) { node.textContent = node.getAttribute("data-expired") || ""; continue; }
      var days = Math.floor(left / 86400);
      var rest = left % 86400;
      var text = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor(rest % 3600 / 60)) + ":" + pad(rest % 60);
      node.textContent = (days > 0 ? days + (node.getAttribute("data-days") || "d ") : "") + text;
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
// The bid page: warn as soon as the price typed is above the public ceiling price.
(function () {
  "use strict";
  var input = document.querySelector("[data-ceiling]");
  var warning = document.querySelector("[data-ceiling-warning]");
  if (!input || !warning) { return; }
  var ceiling = parseFloat(input.getAttribute("data-ceiling"));
  function check() {
    var price = parseFloat((input.value || "").replace(/,/g, ""));
    if (!isNaN(price) && price > ceiling) { warning.classList.remove("d-none"); }
  }
  input.addEventListener("input", check);
  check();
})();
// The navigation's menus (<details class="nav-menu">): one open at a time, closed by a click elsewhere or Escape.
(function () {
  "use strict";
  var menus = document.querySelectorAll("details.nav-menu");
  function closeAll(except) {
    for (var i = 0; i < menus.length; i++) { if (menus[i] !== except) { menus[i].removeAttribute("open"); } }
  }
  for (var i = 0; i < menus.length; i++) {
    menus[i].addEventListener("toggle", function (event) { if (event.target.open) { closeAll(event.target); } });
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("details.nav-menu")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeAll(null); } });
})();
