// netra review app: keyboard shortcuts and small conveniences. Served as a file (the CSP
// forbids inline scripts); the pages work without it.
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const typing = (el) => el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);

  function rows() {
    return Array.from(document.querySelectorAll('#queue-table tbody tr[data-href]'));
  }
  function move(delta) {
    const list = rows();
    if (list.length === 0) return;
    let i = list.findIndex((r) => r.classList.contains('selected'));
    if (i >= 0) list[i].classList.remove('selected');
    i = Math.min(list.length - 1, Math.max(0, (i < 0 ? 0 : i) + delta));
    list[i].classList.add('selected');
    list[i].scrollIntoView({ block: 'nearest' });
  }
  function focusAndShow(el) {
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.focus();
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    switch (ev.key) {
      case 'n': {
        const f = $('#take-next');
        if (f) {
          ev.preventDefault();
          f.requestSubmit();
        }
        break;
      }
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'Enter': {
        const r = $('#queue-table tbody tr.selected');
        if (r) {
          ev.preventDefault();
          window.location.href = r.dataset.href;
        }
        break;
      }
      case 'c':
        ev.preventDefault();
        focusAndShow($('#btn-confirm'));
        break;
      case 'd':
        ev.preventDefault();
        focusAndShow($('#dismiss-reason'));
        break;
      case 'e':
        ev.preventDefault();
        focusAndShow($('#btn-escalate'));
        break;
      case 'p': {
        const a = $('#report-link');
        if (a) window.location.href = a.getAttribute('href');
        break;
      }
      case 'q':
        window.location.href = '/queue';
        break;
      case '?':
        document.body.classList.toggle('show-help');
        break;
      default:
    }
  });

  document.addEventListener('click', (ev) => {
    const t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.closest('[data-print]')) {
      window.print();
      return;
    }
    const row = t.closest('#queue-table tbody tr[data-href]');
    // A click on a link or a control (the bulk checkboxes) is not a click on the row.
    if (row && !t.closest('a, input, label, button, select, textarea')) window.location.href = row.dataset.href;
  });
})();
