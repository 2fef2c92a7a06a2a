// Progressive enhancement only: keeps the port placeholder in step with the chosen secure socket option
// (465 for SSL on connect, else 25; the server renders the same rule, so the page works without this file).
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("secureSocketOptions");
  var port = document.getElementById("port");
  if (!select || !port) {
    return;
  }
  select.addEventListener("change", function () {
    var chosen = select.options[select.selectedIndex];
    port.placeholder = chosen.getAttribute("data-default-port") || "";
  });
});
