// Progressive enhancement for the timeline and statement filters.
// Without this file (or without JavaScript) the form stays hidden and every record is listed.
//
// Contract with templates/_macros.html and the list pages:
//   <form class="filters" id="filters" data-target="LIST-ID" data-noun="event" data-nouns="events" hidden>
//     <select name="QUERY-KEY" data-filter-attr="ATTR" data-filter-type="list|json|value">
//   <ol id="LIST-ID"><li><article data-ATTR="..."></article></li>...</ol>
//   <p id="LIST-ID-empty" hidden>  (optional: shown when nothing matches)
// "list": the attribute holds space-separated ids; "json": a JSON array of strings; "value": one value.
// The chosen values live in the URL query (?actor=iran&tag=casualties) so a filtered view can be shared.
// A list split by period (docs/performance.md) names its data file in data-index: over http a filter then
// lists the matches of every period from it; from file:// (no fetch) it filters the period shown, and the
// period links carry the chosen filters to the next period. A page of such a list offers as options only
// what it shows; data-options names the file of every option, which fills the selects in over http.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.URLSearchParams) return;
  var list = document.getElementById(form.getAttribute("data-target"));
  if (!list) return;
  var empty = document.getElementById(list.id + "-empty");
  var items = Array.prototype.slice.call(list.children);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter-attr]"));
  var count = form.querySelector(".filter-count");
  var noun = form.getAttribute("data-noun") || "item";
  var indexUrl = form.getAttribute("data-index"); // a list split by period: every record, for filters
  var optionsUrl = form.getAttribute("data-options"); // and every filter's options
  var root = form.getAttribute("data-root") || "";
  var everywhere = null; // the list's data file, once fetched
  var results = null;
  var nouns = form.getAttribute("data-nouns") || noun + "s";

  function cardOf(li) {
    if (li.hasAttribute("data-" + selects[0].getAttribute("data-filter-attr"))) return li; // a line, not a card
    return li.querySelector("[data-" + selects[0].getAttribute("data-filter-attr") + "]") || li.firstElementChild || li;
  }

  function valuesOf(card, select) {
    var raw = card.getAttribute("data-" + select.getAttribute("data-filter-attr")) || "";
    var type = select.getAttribute("data-filter-type") || "value";
    if (type === "list") return raw.split(/\s+/).filter(Boolean);
    if (type === "json") {
      try { var parsed = JSON.parse(raw || "[]"); return Array.isArray(parsed) ? parsed.map(String) : []; }
      catch (e) { return []; }
    }
    return [raw];
  }

  // The values each card carries, read once.
  var cards = items.map(function (li) {
    var card = cardOf(li);
    var values = {};
    selects.forEach(function (s) { values[s.name] = valuesOf(card, s); });
    return { li: li, values: values };
  });

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) return true;
    }
    return false;
  }

  function addOption(select, value, text) {
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
  }

  // Every option of the list (value, text) by select name, in place of the ones of this page.
  function fillOptions(data) {
    selects.forEach(function (s) {
      var every = data[s.name];
      if (!Array.isArray(every)) return;
      var chosen = s.value;
      while (s.options.length > 1) s.remove(1); // the first is "All"
      every.forEach(function (pair) { addOption(s, String(pair[0]), String(pair[1])); });
      if (chosen && !hasOption(s, chosen)) addOption(s, chosen, chosen);
      s.value = chosen;
    });
  }

  function chosenLabels() {
    return selects.filter(function (s) { return s.value; }).map(function (s) {
      var label = s.closest("label");
      var name = label && label.querySelector(".filter-label") ? label.querySelector(".filter-label").textContent : s.name;
      var text = s.options[s.selectedIndex].textContent.replace(/\s*\(\d+\)$/, "");
      return name + ": " + text;
    });
  }

  function writeUrl() {
    if (!window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      if (s.value) params.set(s.name, s.value); else params.delete(s.name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {
      // Some browsers refuse to change the address of a page opened from disk; the filter still works.
    }
  }

  function apply(updateUrl) {
    var shown = 0;
    cards.forEach(function (c) {
      var ok = selects.every(function (s) {
        return !s.value || c.values[s.name].indexOf(s.value) !== -1;
      });
      c.li.hidden = !ok;
      if (ok) shown += 1;
    });
    var active = chosenLabels();
    var total = cards.length;
    if (!active.length) {
      count.textContent = "Showing all " + total + " " + (total === 1 ? noun : nouns) + ".";
    } else {
      count.textContent = "Showing " + shown + " of " + total + " " + (total === 1 ? noun : nouns) +
        " (" + active.join("; ") + ").";
    }
    if (active.length && indexUrl && !canFetch()) {
      count.textContent += " Only this period is searched when the page is opened from disk; the period links keep the filters.";
    }
    form.classList.toggle("is-filtered", active.length > 0);
    if (empty) empty.hidden = shown !== 0;
    if (updateUrl) writeUrl();
    carryToPeriods();
    findEverywhere(active);
  }

  // ---- lists split by period ----

  function carryToPeriods() {
    var query = window.location.search;
    Array.prototype.forEach.call(document.querySelectorAll(".periods a"), function (a) {
      a.href = a.href.split("?")[0].split("#")[0] + query;
    });
  }

  function matches(item) {
    return selects.every(function (s) {
      if (!s.value) return true;
      var v = item[s.getAttribute("data-filter-attr")];
      return Array.isArray(v) ? v.indexOf(s.value) !== -1 : v === s.value;
    });
  }

  function showEverywhere(found, active) {
    if (!results) {
      results = document.createElement("section");
      results.className = "filter-results";
      results.setAttribute("aria-label", "Matches in every period");
      list.parentNode.insertBefore(results, list);
    }
    var most = 1000;
    var html = "<p class=\"filter-results-head\">" + found.length + " matching " + (found.length === 1 ? noun : nouns) +
      " in every period (" + active.join("; ") + ")" + (found.length > most ? "; the first " + most + " are listed" : "") +
      ".</p><ol class=\"filter-results-list\"></ol>";
    results.innerHTML = html;
    var ol = results.querySelector("ol");
    found.slice(0, most).forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + item.path;
      a.textContent = item.title;
      var date = document.createElement("span");
      date.className = "filter-results-date";
      date.textContent = item.date + " ";
      li.appendChild(date);
      li.appendChild(a);
      ol.appendChild(li);
    });
    results.hidden = false;
    list.hidden = true;
    count.textContent = "Showing " + found.length + " of " + everywhere.length + " " + nouns + " in every period (" +
      active.join("; ") + ").";
    if (empty) empty.hidden = found.length !== 0;
  }

  function canFetch() {
    return Boolean(window.fetch) && /^https?:$/.test(window.location.protocol);
  }

  function findEverywhere(active) {
    if (!indexUrl || !canFetch()) return;
    if (!active.length) {
      if (results) results.hidden = true;
      list.hidden = false;
      return;
    }
    var ready = everywhere ? Promise.resolve(everywhere) : window.fetch(indexUrl).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) { everywhere = data.items; return everywhere; });
    ready.then(function (items) {
      showEverywhere(items.filter(matches), chosenLabels());
    }).catch(function () { /* the filter of the period shown still works */ });
  }

  var initial = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var wanted = initial.get(s.name);
    // On a period's page a value from another period is kept (named by its id until every option is known).
    if (wanted && !hasOption(s, wanted) && optionsUrl) addOption(s, wanted, wanted);
    if (wanted && hasOption(s, wanted)) s.value = wanted;
    s.addEventListener("change", function () { apply(true); });
  });
  form.addEventListener("reset", function () {
    // The form resets its controls after this event; filter once it has.
    window.setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  if (empty) {
    var showAll = empty.querySelector("a");
    if (showAll) {
      showAll.addEventListener("click", function (e) {
        e.preventDefault();
        form.reset();
        if (selects[0]) selects[0].focus();
      });
    }
  }
  form.hidden = false;
  apply(false);
  if (optionsUrl && canFetch()) {
    window.fetch(optionsUrl).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      fillOptions(data);
      apply(false);
    }).catch(function () { /* the options of the period shown still work */ });
  }

  // A link to #some-record that the current filter hides: show everything so the link lands.
  function revealTarget() {
    var id = window.location.hash.slice(1);
    if (!id) return;
    var target = document.getElementById(decodeURIComponent(id));
    if (target && list.contains(target) && target.closest("li[hidden]")) {
      form.reset();
      window.setTimeout(function () { target.scrollIntoView(); }, 0);
    }
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();
})();
