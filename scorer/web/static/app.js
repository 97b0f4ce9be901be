// The review page's only script (served from this server; no CDN). Everything works without it:
// rule codes are links to /rules/CODE and the filters are a GET form. With it, a rule opens in a
// dialog, the filters apply on change, a checkbox shows the unflagged rows, and the scroll
// position is kept after a decision is saved.
(function () {
  var dialog = document.getElementById('rule-dialog');
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest('a.rule-link');
    if (!a || !dialog || typeof dialog.showModal !== 'function') return;
    ev.preventDefault();
    fetch(a.getAttribute('href') + '?part=1', {credentials: 'same-origin'})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var body = document.getElementById('rule-body');
        body.replaceChildren.apply(body, Array.prototype.slice.call(doc.body.childNodes));
        dialog.showModal();
      });
  });
  var filters = document.getElementById('filters');
  if (filters) {
    filters.addEventListener('change', function (ev) {
      if (ev.target.tagName === 'SELECT') filters.submit();
    });
    var label = document.createElement('label');
    var box = document.createElement('input');
    box.type = 'checkbox'; box.id = 'f-all';
    box.checked = sessionStorage.getItem('scorer-show-all') === '1';
    document.body.classList.toggle('show-all', box.checked);
    box.addEventListener('change', function () {
      document.body.classList.toggle('show-all', box.checked);
      sessionStorage.setItem('scorer-show-all', box.checked ? '1' : '0');
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(' 显示全部指标'));
    filters.insertBefore(label, document.getElementById('shown'));
  }
})();
