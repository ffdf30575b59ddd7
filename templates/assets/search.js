// The masthead search box: Pagefind's index under <root>/pagefind/, loaded on first use.
// Links are made from the page's own way back to the site root, so results work from any sub-path.
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) return;
  var input = document.getElementById("site-search-q");
  var status = document.getElementById("site-search-status");
  var list = document.getElementById("site-search-results");
  var root = form.getAttribute("data-root") || "";
  form.hidden = false;

  if (location.protocol === "file:") {
    // Browsers do not let a page opened as a file fetch the index.
    input.disabled = true;
    form.querySelector("button").disabled = true;
    status.textContent = "Search works only when the site is served over the web (http or https). " +
      "Opened as a file, use the Timeline, Actors, Statements, Places and Sources lists.";
    return;
  }

  var engine = null;
  function load() {
    if (!engine) {
      var url = new URL(root + "pagefind/pagefind.js", document.baseURI).href;
      engine = import(url).then(function (pagefind) {
        return pagefind.options({ baseUrl: "/" }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function show(items, query) {
    list.textContent = "";
    items.forEach(function (data) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + String(data.url).replace(/^\/+/, "");
      a.textContent = (data.meta && data.meta.title) || data.url;
      li.appendChild(a);
      if (data.meta && data.meta.kind) {
        var kind = document.createElement("span");
        kind.className = "site-search-kind";
        kind.textContent = " " + data.meta.kind;
        li.appendChild(kind);
      }
      list.appendChild(li);
    });
    status.textContent = items.length ? items.length + " result" + (items.length === 1 ? "" : "s") +
      " for \u201c" + query + "\u201d" : "Nothing found for \u201c" + query + "\u201d.";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Searching\u2026";
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (items) {
      show(items, query);
    }).catch(function () {
      status.textContent = "Search is not available: this site was built without its index.";
    });
  });
  form.addEventListener("reset", function () { list.textContent = ""; status.textContent = ""; });
})();
