// Waiting-room tablet. The thank-you page returns to the start by itself; a half-answered form
// is cleared after a minute without a touch, so the next person starts clean. Twenty seconds
// before clearing, a warning offers to keep answering (WCAG 2.2.1). location.replace keeps the
// abandoned form out of the history.
(function () {
  var body = document.body;
  var home = body.getAttribute('data-home');
  if (!home) return;
  var returnAfter = Number(body.getAttribute('data-return-after') || 0);
  if (returnAfter > 0) {
    setTimeout(function () { location.replace(home); }, returnAfter * 1000);
    return;
  }
  var idleMs = 40000;
  var graceSeconds = 20;
  var timer, countdown, box;
  function clearWarning() {
    clearInterval(countdown);
    if (box) { box.remove(); box = null; }
  }
  function warn() {
    var left = graceSeconds;
    box = document.createElement('div');
    box.className = 'idle-warning';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-live', 'assertive');
    var text = document.createElement('p');
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = body.getAttribute('data-keep-answering') || 'OK';
    button.addEventListener('click', restart);
    box.appendChild(text);
    box.appendChild(button);
    document.body.appendChild(box);
    var template = body.getAttribute('data-idle-warning') || '{seconds}';
    function show() { text.textContent = template.replace('{seconds}', String(left)); }
    show();
    button.focus();
    countdown = setInterval(function () {
      left -= 1;
      if (left <= 0) { clearInterval(countdown); location.replace(home); } else show();
    }, 1000);
  }
  function restart() {
    clearWarning();
    clearTimeout(timer);
    timer = setTimeout(warn, idleMs);
  }
  ['click', 'keydown', 'touchstart', 'input'].forEach(function (e) {
    document.addEventListener(e, function (ev) { if (!box || !box.contains(ev.target)) restart(); }, { passive: true });
  });
  restart();
})();
