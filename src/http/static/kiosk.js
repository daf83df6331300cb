// Waiting-room tablet: a half-answered form is cleared after a minute without a touch, so the
// next person starts clean. location.replace keeps the abandoned form out of the history.
(function () {
  var home = document.body.getAttribute('data-home');
  if (!home) return;
  var timer;
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(function () { location.replace(home); }, 60000);
  }
  ['click', 'keydown', 'touchstart', 'input', 'scroll'].forEach(function (e) {
    document.addEventListener(e, restart, { passive: true });
  });
  restart();
})();
