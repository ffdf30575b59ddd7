// Progressive enhancement for the timeline and statement filters: without this file every record is listed.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var list = document.getElementById(form.getAttribute("data-target"));
  var items = Array.prototype.slice.call(list.children);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = form.querySelector(".filter-count");
  var fields = { actor: "actors", place: "places", kind: "kind", tag: "tags", speaker: "speaker" };
  var separators = { actors: " ", places: " ", tags: "\u001f" };

  function matches(card, name, value) {
    if (!value) return true;
    var key = fields[name];
    var raw = card.getAttribute("data-" + key) || "";
    var sep = separators[key];
    return sep ? raw.split(sep).indexOf(value) !== -1 : raw === value;
  }

  function apply(updateUrl) {
    var shown = 0;
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
    items.forEach(function (li) {
      var card = li.firstElementChild;
      var ok = selects.every(function (s) { return matches(card, s.name, s.value); });
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = "Showing " + shown + " of " + items.length;
    if (updateUrl && window.history && window.history.replaceState) {
      var query = params.toString();
      try {
        window.history.replaceState(null, "", query ? "?" + query + window.location.hash : window.location.pathname + window.location.hash);
      } catch (e) { /* file:// pages may refuse; the filter still works */ }
    }
  }

  var initial = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var wanted = initial.get(s.name);
    if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) s.value = wanted;
    s.addEventListener("change", function () { apply(true); });
  });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply(false);
})();
