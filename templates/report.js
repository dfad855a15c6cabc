(function () {
  "use strict";
  var table = document.getElementById("schools");
  var controls = document.getElementById("controls");
  if (!table || !controls) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var municipality = document.getElementById("filter-municipality");
  var stage = document.getElementById("filter-stage");
  var shown = document.getElementById("shown");
  var collator = new Intl.Collator("ru", { numeric: true, sensitivity: "base" });

  function applyFilters() {
    var place = municipality.value;
    var step = stage.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!place || row.getAttribute("data-municipality") === place) &&
        (!step || row.getAttribute("data-stage") === step);
      row.hidden = !visible;
      if (visible) {
        count += 1;
      }
    });
    shown.textContent = String(count);
  }

  function sortBy(header) {
    var column = Number(header.getAttribute("data-column"));
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, index) {
      var cell = row.cells[column];
      var key = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
      return { row: row, key: numeric ? Number(key) : key, index: index };
    });
    keyed.sort(function (a, b) {
      var order = numeric ? a.key - b.key : collator.compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index;
    });
    rows = keyed.map(function (item) {
      body.appendChild(item.row);
      return item.row;
    });
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-column]"), function (header) {
    header.addEventListener("click", function () {
      sortBy(header);
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sortBy(header);
      }
    });
  });
  municipality.addEventListener("change", applyFilters);
  stage.addEventListener("change", applyFilters);
  controls.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  controls.hidden = false;
  applyFilters();
})();
