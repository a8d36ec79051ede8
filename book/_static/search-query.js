/* Search in the reader's script, whatever script the query was typed in; snippets from
   prose. The table (words of the other script -> this page's) is written in at build
   time from the search index by OpenCC (tianyuan.interface). Loaded on search.html only. */
(function () {
  "use strict";
  var TABLE = /*QUERY_TABLE*/{};
  var longest = 0;
  for (var k in TABLE) if (k.length > longest) longest = k.length;

  function convert(query) {
    var out = "", i = 0;
    while (i < query.length) {
      var hit = null;
      for (var n = Math.min(longest, query.length - i); n > 0 && !hit; n--) {
        var piece = query.substr(i, n);
        if (Object.prototype.hasOwnProperty.call(TABLE, piece)) hit = [piece, TABLE[piece]];
      }
      if (hit) { out += hit[1]; i += hit[0].length; } else { out += query[i]; i += 1; }
    }
    return out;
  }

  // Before Sphinx's search reads ?q= (on DOMContentLoaded), put the query in this script.
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  if (query) {
    var converted = convert(query);
    if (converted !== query) {
      params.set("q", converted);
      history.replaceState(null, "", window.location.pathname + "?" + params.toString() + window.location.hash);
    }
  }

  // Snippets: leave out code, chart data and the reproduce blocks.
  document.addEventListener("DOMContentLoaded", function () {
    // searchtools.js declares `const Search`: a global binding, not a window property.
    if (typeof Search === "undefined" || !Search.htmlToText) return;
    var original = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(".cell_input, .chart-data, .reproduce, .tianyuan-chart, .passage-anchor, .edition-switch, .bd-toc, nav, table")
        .forEach(function (el) { el.remove(); });
      return original(doc.documentElement.outerHTML, anchor);
    };
  });
})();
