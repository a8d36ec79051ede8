/* What this book asked of the theme's Bootstrap bundle (81 KB): the download menu and the
 * back-to-top button. Tooltips are the browser's own, from each button's title.
 * tianyuan.assets loads this file instead of bootstrap.js. */
(function () {
  "use strict";
  var TOGGLE = '[data-bs-toggle="dropdown"]';

  function menuOf(toggle) { return toggle.parentElement.querySelector(".dropdown-menu"); }

  function setOpen(toggle, open) {
    var menu = menuOf(toggle);
    if (!menu) return;
    menu.classList.toggle("show", open);
    menu.setAttribute("data-bs-popper", "static");
    toggle.classList.toggle("show", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeOthers(keep) {
    document.querySelectorAll(TOGGLE + '[aria-expanded="true"]').forEach(function (t) {
      if (t !== keep) setOpen(t, false);
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(TOGGLE);
    if (!toggle) {
      if (!event.target.closest(".dropdown-menu")) closeOthers(null);
      return;
    }
    event.preventDefault();
    closeOthers(toggle);
    var open = toggle.getAttribute("aria-expanded") !== "true";
    setOpen(toggle, open);
    var first = open && menuOf(toggle).querySelector("a, button");
    if (first && event.detail === 0) first.focus(); // opened from the keyboard
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(TOGGLE + '[aria-expanded="true"]');
    if (open) { setOpen(open, false); open.focus(); }
  });

  function backToTop() {
    var button = document.getElementById("pst-back-to-top");
    var header = document.querySelector(".bd-header");
    if (!button || !header) return;
    var below = header.getBoundingClientRect().bottom;
    var last = window.scrollY;
    button.addEventListener("click", function () { window.scrollTo(0, 0); });
    window.addEventListener("scroll", function () {
      button.style.display = last > window.scrollY && window.scrollY > below ? "block" : "none";
      last = window.scrollY;
    }, { passive: true });
  }

  // The theme's own script asks for a Bootstrap tooltip only on a sidebar button this book
  // does not have; it gets a silent stand-in rather than an error.
  window.bootstrap = window.bootstrap || {
    Tooltip: function () { return { show: function () {}, hide: function () {}, dispose: function () {} }; }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", backToTop);
  else backToTop();
})();
