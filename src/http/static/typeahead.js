// Typeahead for the feedback form's target, on top of the form's own search button (which still
// works without JavaScript). ARIA 1.2 combobox: arrow keys move, Enter picks, Escape closes.
(function () {
  var form = document.querySelector('form.feedback-form');
  var input = document.getElementById('fb-query');
  if (!form || !input || !window.fetch) return;
  var lang = document.documentElement.lang || 'fi';
  var general = form.getAttribute('data-general');
  var list = document.createElement('ul');
  list.id = 'fb-query-options';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.labels && input.labels[0] ? input.labels[0].textContent : '');
  list.className = 'typeahead';
  list.hidden = true;
  input.parentNode.insertBefore(list, input.nextSibling);
  // Nothing found: said on screen and to screen readers, with a way out of the chosen category.
  var empty = document.createElement('p');
  empty.className = 'typeahead-empty';
  empty.hidden = true;
  var emptyText = document.createElement('span');
  var searchAll = document.createElement('button');
  searchAll.type = 'button';
  searchAll.className = 'secondary';
  searchAll.textContent = input.getAttribute('data-search-all') || '';
  empty.appendChild(emptyText);
  empty.appendChild(document.createTextNode(' '));
  empty.appendChild(searchAll);
  list.parentNode.insertBefore(empty, list.nextSibling);
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  form.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  var options = [];
  var active = -1;
  var timer;
  var seq = 0;

  function targetField() {
    var f = form.querySelector('input[type=hidden][name=target]');
    if (!f) {
      f = document.createElement('input');
      f.type = 'hidden';
      f.name = 'target';
      form.appendChild(f);
    }
    return f;
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function highlight(i) {
    var items = list.children;
    for (var k = 0; k < items.length; k++) items[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
    active = i;
    if (i >= 0) input.setAttribute('aria-activedescendant', items[i].id);
  }
  function pick(i) {
    var o = options[i];
    if (!o) return;
    input.value = o.label;
    targetField().value = o.code;
    status.textContent = o.label;
    close();
  }
  function say(text) { status.textContent = text; }
  function render(units, within) {
    empty.hidden = units.length > 0;
    if (units.length === 0) {
      emptyText.textContent = input.getAttribute(within ? 'data-no-matches-within' : 'data-no-matches') || '';
      searchAll.hidden = !within;
      say(emptyText.textContent);
    } else {
      say((input.getAttribute('data-count') || '{n}').replace('{n}', String(units.length)));
    }
    options = units.map(function (u) {
      var name = (lang !== 'fi' && u.name[lang]) || u.name.fi;
      return { code: u.code, label: name, context: u.path[u.path.length - 1] || '' };
    });
    list.innerHTML = '';
    options.forEach(function (o, i) {
      var li = document.createElement('li');
      li.id = 'fb-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = o.label;
      var small = document.createElement('span');
      small.className = 'muted';
      small.textContent = ' · ' + o.context;
      li.appendChild(small);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    list.hidden = options.length === 0;
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    active = -1;
  }
  function search(everywhere) {
    var q = input.value.trim();
    var mine = ++seq;
    var checked = form.querySelector('input[name=category]:checked');
    var within = !everywhere && checked && checked.value !== general ? '&within=' + encodeURIComponent(checked.value) : '';
    fetch('/api/v1/units?limit=8&lang=' + lang + '&q=' + encodeURIComponent(q) + within)
      .then(function (r) { return r.json(); })
      .then(function (d) { if (mine === seq) render(d.units || [], !!within); })
      .catch(function () { close(); });
  }
  input.addEventListener('input', function () {
    targetField().value = '';
    clearTimeout(timer);
    empty.hidden = true;
    if (input.value.trim().length < 2) { close(); return; }
    timer = setTimeout(function () { search(false); }, 200);
  });
  searchAll.addEventListener('click', function () {
    search(true);
    input.focus();
  });
  input.addEventListener('keydown', function (e) {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(active + 1, options.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); pick(active); }
    else if (e.key === 'Escape') { close(); }
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
})();
