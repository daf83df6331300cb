// On a phone the staff menu (twenty links, languages, sign-out) would fill the first screen: it
// folds behind one button there. A file, not inline script, for the Content-Security-Policy.
(function () {
  var button = document.querySelector('.menu-toggle');
  var header = document.querySelector('header.top');
  if (!button || !header) return;
  var narrow = window.matchMedia('(max-width: 40em)');
  function show(open) {
    header.classList.toggle('folded', !open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }
  button.addEventListener('click', function () {
    show(button.getAttribute('aria-expanded') !== 'true');
  });
  if (narrow.addEventListener) narrow.addEventListener('change', fit);
  fit();
})();
