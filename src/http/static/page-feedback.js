// Kaiku's "Was this page helpful?" widget. Put on a page:
//   <script src="https://KAIKU/widget/page-feedback.js" data-node="UNIT-CODE" async></script>
// It adds an iframe served by Kaiku right after the script tag: the host page's styles and
// cookies stay apart, and Kaiku sets no cookie. Only the page's address without its query is sent.
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(script.src).origin;
  var node = script.getAttribute('data-node') || '';
  var lang = (script.getAttribute('data-lang') || document.documentElement.lang || 'fi').slice(0, 2).toLowerCase();
  if (['fi', 'sv', 'en'].indexOf(lang) < 0) lang = 'fi';
  var titles = { fi: 'Sivupalaute', sv: 'Sidrespons', en: 'Page feedback' };
  var frame = document.createElement('iframe');
  frame.src = base + '/widget/page-feedback?node=' + encodeURIComponent(node) + '&l=' + lang +
    '&page=' + encodeURIComponent(location.origin + location.pathname);
  frame.title = titles[lang];
  frame.setAttribute('loading', 'lazy');
  frame.style.cssText = 'border:0;width:100%;max-width:32rem;height:12rem;display:block';
  window.addEventListener('message', function (e) {
    if (e.origin !== base || e.source !== frame.contentWindow || !e.data || typeof e.data.kaikuHeight !== 'number') return;
    frame.style.height = Math.min(800, Math.max(80, e.data.kaikuHeight)) + 'px';
  });
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
