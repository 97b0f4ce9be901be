// The review page's only script (served from this server; no CDN). Everything works without it:
// rule codes are links to /rules/CODE and the filters are a GET form. With it, a rule opens in a
// dialog, the filters apply on change, a checkbox shows the unflagged rows, and the scroll
// position is kept after a decision is saved (the card is replaced in place).
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
  // Decisions, adoptions and edits are saved with fetch; the server answers with the page of the
  // new state, of which the changed card and the summary replace the old ones in place (no jump).
  // Anything unexpected (a refusal, a network error) falls back to an ordinary form submission.
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.matches('form.decide, form.adopt, form.edit-form') || form.dataset.plain) return;
    ev.preventDefault();
    var card = form.closest('article.card');
    var body = new URLSearchParams(new FormData(form, ev.submitter));
    document.body.classList.add('saving');
    fetch(form.action, {method: 'POST', body: body, credentials: 'same-origin',
                        headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
      .then(function (r) {
        if (!r.ok || !r.redirected) throw new Error('refused: ' + r.status);  // nothing was stored
        return r.text().then(function (html) { return {html: html, url: r.url}; });
      })
      .then(function (got) {
        var doc = new DOMParser().parseFromString(got.html, 'text/html');
        var fresh = card && doc.getElementById(card.id);
        if (!fresh) { window.location.assign(got.url); return; }  // saved; the card left the filtered view
        card.replaceWith(document.adoptNode(fresh));
        ['summary', 'charts'].forEach(function (id) {
          var old = document.getElementById(id), neu = doc.getElementById(id);
          if (old && neu) old.replaceWith(document.adoptNode(neu));
        });
        document.body.classList.remove('saving');
      })
      .catch(function () {
        form.dataset.plain = '1';
        if (ev.submitter && ev.submitter.name) {
          var hidden = document.createElement('input');
          hidden.type = 'hidden'; hidden.name = ev.submitter.name; hidden.value = ev.submitter.value;
          form.appendChild(hidden);
        }
        form.submit();
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
