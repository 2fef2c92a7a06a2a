// Progressive enhancement only; the server renders everything the page needs, so it works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // An action that removes or discards something asks first (the question is in data-confirm: the page's
  // Content-Security-Policy runs no inline onclick).
  var dangerous = document.querySelectorAll("button[data-confirm]");
  for (var d = 0; d < dangerous.length; d++) {
    dangerous[d].addEventListener("click", function (event) {
      if (!window.confirm(this.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  // Times in the admin's own time zone; the title keeps UTC, shown on hover.
  var times = document.querySelectorAll("time[datetime]");
  for (var t = 0; t < times.length; t++) {
    var at = new Date(times[t].getAttribute("datetime"));
    if (!isNaN(at.getTime())) {
      times[t].textContent = at.toLocaleString(undefined, {year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short"});
    }
  }

  // The unit tree: the chosen unit in view within the tree's own box (the page itself does not move), and the search
  // box filters as one types: a unit shows when it or a unit below it matches, with the units above it opened.
  var tree = document.querySelector(".units .tree");
  var current = document.getElementById("current-unit");
  if (tree && current) {
    tree.scrollTop = current.offsetTop - tree.offsetTop - tree.clientHeight / 2;
  }
  var filter = document.getElementById("unit-filter");
  if (tree && filter) {
    var items = tree.querySelectorAll("li[data-search]");
    var applyFilter = function () {
      var needle = filter.value.trim().toLowerCase();
      for (var i = items.length - 1; i >= 0; i--) {   // children before their parents
        var item = items[i];
        var own = needle === "" || item.getAttribute("data-search").indexOf(needle) >= 0;
        var below = item.querySelector("li[data-search]:not([hidden])") !== null;
        item.hidden = !own && !below;
        var details = item.querySelector(":scope > details");
        if (details) {
          details.open = needle === "" ? details.getAttribute("data-open") === "true" : below;
        }
      }
    };
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("change", applyFilter);
    if (filter.value.trim() !== "") {
      applyFilter();
    }
  }

  // The port placeholder follows the chosen secure socket option (465 for SSL on connect, else 25).
  var select = document.getElementById("secureSocketOptions");
  var port = document.getElementById("port");
  if (select && port) {
    select.addEventListener("change", function () {
      var chosen = select.options[select.selectedIndex];
      port.placeholder = chosen.getAttribute("data-default-port") || "";
    });
  }

  // The OAuth 2.0 fields only when OAuth 2.0 is chosen, and of them those for the chosen provider and grant
  // (the blocks name theirs in data-providers and data-grants). A field with an error stays in sight.
  var method = document.getElementById("authentication");
  var oauth2 = document.getElementById("oauth2-settings");
  if (!method || !oauth2) {
    return;
  }
  var provider = document.getElementById("oauth2.provider");
  var grant = document.getElementById("oauth2.grant");
  function fits(list, value) {
    return !list || !value || (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }
  function update() {
    oauth2.hidden = method.value !== "OAUTH2" && !oauth2.querySelector(".has-error");
    var blocks = oauth2.querySelectorAll("[data-providers], [data-grants]");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var shown = fits(block.getAttribute("data-providers"), provider && provider.value)
          && fits(block.getAttribute("data-grants"), grant && grant.value);
      block.hidden = !shown && !block.classList.contains("has-error");
    }
  }
  method.addEventListener("change", update);
  if (provider) {
    provider.addEventListener("change", update);
  }
  if (grant) {
    grant.addEventListener("change", update);
  }
  update();
});
