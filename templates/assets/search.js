// The masthead search box: Pagefind's index under <root>/pagefind/ (in shards, when large), loaded on first use.
// Links are made from the page's own way back to the site root, so results work from any sub-path.
// Keyboard: Enter searches; Down from the box goes to the results, Up and Down move between them, Escape
// goes back to the box (a second Escape clears it).
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) return;
  var input = document.getElementById("site-search-q");
  var status = document.getElementById("site-search-status");
  var list = document.getElementById("site-search-results");
  var root = form.getAttribute("data-root") || "";
  var SHOWN = 10;
  form.hidden = false;

  if (location.protocol === "file:") {
    // Browsers do not let a page opened as a file fetch the index.
    input.disabled = true;
    form.querySelector("button").disabled = true;
    status.textContent = "Search works only when the site is served over the web (http or https). " +
      "Opened as a file, use the Timeline, Actors, Statements, Places and Sources lists.";
    return;
  }

  // A large briefing's index is in shards, each a bundle of its own: pagefind/ (with Pagefind's code) and the
  // folders its pagefind-entry.json names in "factsheet_shards" (pagefind/1/, ...), merged into one search
  // (Pagefind's mergeIndex: every bundle searched, the results sorted by score together).
  var engine = null;
  function load() {
    if (!engine) {
      var base = new URL(root + "pagefind/", document.baseURI).href;
      var options = { baseUrl: "/", excerptLength: 24 };
      var shards = fetch(base + "pagefind-entry.json").then(function (response) {
        if (!response.ok) throw new Error("no index");
        return response.json();
      }).then(function (entry) { return entry.factsheet_shards || []; });
      engine = Promise.all([import(base + "pagefind.js"), shards]).then(function (got) {
        var pagefind = got[0];
        return pagefind.options(options).then(function () {
          return Promise.all(got[1].map(function (folder) { return pagefind.mergeIndex(base + folder, options); }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // Pagefind's excerpt is HTML: the record's text, escaped, with <mark> around the words that matched.
  // It is parsed inert (DOMParser runs nothing and loads nothing) and only its text and its marks are
  // copied, so no other markup can reach the page whatever the briefing's text holds.
  function excerptOf(html) {
    var p = document.createElement("p");
    p.className = "site-search-excerpt";
    var body = new DOMParser().parseFromString(String(html || ""), "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function linkOf(data) {
    // the record's own link (meta.url: a source is an entry of the sources list), relative to the root
    var target = (data.meta && data.meta.url) || data.url;
    return root + String(target).replace(/^\/+/, "");
  }

  function show(items, total, query) {
    list.textContent = "";
    items.forEach(function (data) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = linkOf(data);
      a.textContent = (data.meta && data.meta.title) || data.url;
      li.appendChild(a);
      if (data.meta && data.meta.kind) {
        var kind = document.createElement("span");
        kind.className = "site-search-kind";
        kind.textContent = " " + data.meta.kind;
        li.appendChild(kind);
      }
      li.appendChild(excerptOf(data.excerpt));
      list.appendChild(li);
    });
    var quoted = "\u201c" + query + "\u201d";
    if (!total) status.textContent = "Nothing found for " + quoted + ".";
    else if (total > items.length) status.textContent = "The first " + items.length + " of " + total + " results for " + quoted;
    else status.textContent = total + " result" + (total === 1 ? "" : "s") + " for " + quoted;
  }

  function clear() { list.textContent = ""; status.textContent = ""; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) { clear(); return; }
    status.textContent = "Searching\u2026";
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (items) {
        if (input.value.trim() === query) show(items, found.results.length, query);  // not overtaken by a newer query
      });
    }).catch(function () {
      status.textContent = "Search is not available: this site was built without its index.";
    });
  });
  form.addEventListener("reset", clear);

  form.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length && (document.activeElement === input || at >= 0)) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Escape") {
      if (document.activeElement !== input) input.focus();
      else { input.value = ""; clear(); }
    }
  });
})();
