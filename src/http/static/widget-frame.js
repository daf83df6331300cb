// Inside the page-feedback iframe: tells the host page how tall the content is, so the frame fits.
(function () {
  function tell() {
    if (window.parent !== window) window.parent.postMessage({ kaikuHeight: document.documentElement.scrollHeight }, '*');
  }
  window.addEventListener('load', tell);
  window.addEventListener('resize', tell);
  tell();
})();
