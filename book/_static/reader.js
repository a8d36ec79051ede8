/* Reading aids (tianyuan.sphinxext.interface): the script switch keeps your paragraph; a ¶
   link copies the paragraph's address; the paragraph you arrived at is marked (CSS
   :target); a link tapped in the contents dialog (phones) closes the dialog; a table
   wider than the page says that it scrolls. */
(function () {
  "use strict";
  function keepFragment() {
    document.querySelectorAll("a.edition-switch-link").forEach(function (a) {
      var base = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", base + window.location.hash);
    });
  }
  function copyLinks() {
    document.querySelectorAll("a.passage-anchor").forEach(function (a) {
      a.addEventListener("click", function (event) {
        var url = window.location.href.split("#")[0] + a.getAttribute("href");
        if (!navigator.clipboard || !window.isSecureContext) return; // plain navigation
        event.preventDefault();
        history.pushState(null, "", a.getAttribute("href"));
        keepFragment();
        navigator.clipboard.writeText(url).then(function () {
          var note = a.parentNode.querySelector(".passage-copied");
          if (!note) {
            note = document.createElement("span");
            note.className = "passage-copied";
            note.setAttribute("role", "status");
            a.after(note);
          }
          note.textContent = a.dataset.copied || "";
          setTimeout(function () { note.textContent = ""; }, 2500);
        });
        document.querySelectorAll(".article-paragraph.is-target").forEach(function (p) {
          p.classList.remove("is-target");
        });
        a.closest(".article-paragraph").classList.add("is-target");
      });
    });
  }
  // The theme opens the contents in a <dialog> on narrow screens and closes it only on
  // Escape or a tap beside it: a link to this page's own sections left it covering them.
  function closeContentsOnLink() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("dialog[open] a[href]");
      if (link) link.closest("dialog").close();
    });
  }
  // A table wider than the page says that it scrolls (the hint is its region's
  // data-hint, in the page's script); checked again when the width changes or a
  // folded table opens.
  function markScrollingTables() {
    var regions = document.querySelectorAll(".table-region");
    if (!regions.length) return;
    function mark() {
      regions.forEach(function (region) {
        region.classList.toggle("scrolls", region.scrollWidth > region.clientWidth + 1);
      });
    }
    mark();
    window.addEventListener("resize", mark);
    document.addEventListener("toggle", mark, true);
  }
  function ready() { keepFragment(); copyLinks(); closeContentsOnLink(); markScrollingTables(); }
  window.addEventListener("hashchange", keepFragment);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
