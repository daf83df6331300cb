// Reloads a progress page after the seconds its script tag names: a file, not inline script,
// so the pages' Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  var s = document.currentScript;
  var seconds = Number(s && s.getAttribute('data-seconds')) || 2;
  setTimeout(function () { location.reload(); }, seconds * 1000);
})();
