/*
 * kasane.js — 画面の小さな補助（フレームワークなし）
 * <script src="…/kasane.js" defer> で読み込む。厳しい CSP（インラインスクリプト・eval なし）で動く。
 * JavaScript が動かなくても、すべての画面は使える。ここでしていることは補助だけで、
 * 入力の検証は必ずサーバーが行う。
 *
 *  1. IME で変換中の Enter でフォームが送信されないようにする
 *  2. エラーのまとめ（.error-summary）があれば、そこへフォーカスを移す
 *  3. data-wareki の日付入力欄の横に、和暦⇔西暦の変換結果を表示する
 *  4. data-confirm="…" の付いたボタン・リンク・フォームは、送信前に確認する
 */
(function (root) {
  'use strict';

  /* ---------- 和暦 ⇔ 西暦 ---------- */

  // 新しい元号から順に。start は元号が始まった日（グレゴリオ暦）。
  // 明治は慶応4年1月1日（1868-01-25）に遡って適用された。1872年以前は旧暦なので、
  // 明治5年以前の月日は正確には対応しない（表示の補助なので扱わない）。
  var ERAS = [
    { name: '令和', letter: 'R', start: [2019, 5, 1] },
    { name: '平成', letter: 'H', start: [1989, 1, 8] },
    { name: '昭和', letter: 'S', start: [1926, 12, 25] },
    { name: '大正', letter: 'T', start: [1912, 7, 30] },
    { name: '明治', letter: 'M', start: [1868, 1, 25] }
  ];
  // サーバーの元号表（internal/japanese/data/eras.tsv）があれば、それを使う。
  // <html data-eras="明治,M,1868-01-01;…;令和,R,2019-05-01">（古い順）
  if (typeof document !== 'undefined' && document.documentElement && document.documentElement.getAttribute('data-eras')) {
    var fromPage = document.documentElement.getAttribute('data-eras').split(';').map(function (s) {
      var f = s.split(',');
      var d = (f[2] || '').split('-').map(function (x) { return parseInt(x, 10); });
      return { name: f[0], letter: f[1], start: d };
    }).filter(function (e) { return e.name && e.letter && e.start.length === 3; });
    if (fromPage.length) { ERAS = fromPage.reverse(); }
  }

  function key(y, m, d) { return y * 10000 + m * 100 + d; }

  function findEra(token) {
    for (var i = 0; i < ERAS.length; i++) {
      var e = ERAS[i];
      if (token === e.name || token === e.letter || token === e.name.charAt(0)) { return i; }
    }
    return -1;
  }

  function isValidDate(y, m, d) {
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31) { return false; }
    var dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }

  function pad2(n) { return (n < 10 ? '0' : '') + n; }

  function iso(y, m, d) { return y + '-' + pad2(m) + '-' + pad2(d); }

  // 西暦の年月日 → 「令和7年4月1日」。明治より前なら null。
  function toWareki(y, m, d) {
    var k = key(y, m, d);
    for (var i = 0; i < ERAS.length; i++) {
      var s = ERAS[i].start;
      if (k >= key(s[0], s[1], s[2])) {
        var n = y - s[0] + 1;
        return ERAS[i].name + (n === 1 ? '元' : String(n)) + '年' + m + '月' + d + '日';
      }
    }
    return null;
  }

  // 全角英数字・記号を半角に、元号の合字（㋿ ㍻ など）を二文字に、空白を除き、区切りをそろえる。
  function normalize(s) {
    s = String(s == null ? '' : s);
    if (s.normalize) { s = s.normalize('NFKC'); }
    return s.replace(/[\s\u3000]+/g, '')
      .replace(/[\u2010-\u2015\u2212\u30FC\uFF70]/g, '-')
      .replace(/[\u3001\u3002\u30FB]/g, '.')
      .toUpperCase();
  }

  var RE_WAREKI = /^(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHR])(元|\d{1,2})(?:年|[.\-\/])(\d{1,2})(?:月|[.\-\/])(\d{1,2})日?$/;
  var RE_WAREKI_COMPACT = /^([MTSHR])(\d{2})(\d{2})(\d{2})$/;
  var RE_SEIREKI = /^(\d{4})(?:年|[.\-\/])(\d{1,2})(?:月|[.\-\/])(\d{1,2})日?$/;
  var RE_SEIREKI_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
  // 年だけ・年月だけ（生年月日などで使う）
  var RE_WAREKI_PARTIAL = /^(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHR])(元|\d{1,2})(?:(?:年|[.\-\/])(?:(\d{1,2})月?)?)?$/;
  var RE_SEIREKI_PARTIAL = /^(\d{4})(?:(?:年|[.\-\/])(?:(\d{1,2})月?)?)?$/;

  // 元号 i の期間 [開始, 次の元号の開始) を key で返す。
  function eraRange(i) {
    var s = ERAS[i].start;
    var n = i > 0 ? ERAS[i - 1].start : null;
    return [key(s[0], s[1], s[2]), n ? key(n[0], n[1], n[2]) : Infinity];
  }

  function eraYear(i, y) {
    var n = y - ERAS[i].start[0] + 1;
    return ERAS[i].name + (n === 1 ? '元' : String(n)) + '年';
  }

  // 年だけ・年月だけの入力。和暦 → 「1975」「1975-04」、西暦 → 「昭和50年」「昭和64年1月／平成元年1月」。
  function convertPartial(s) {
    var m = RE_WAREKI_PARTIAL.exec(s);
    var from, to, i;
    if (m) {
      var ei = findEra(m[1]);
      var n = m[2] === '元' ? 1 : parseInt(m[2], 10);
      var y = ERAS[ei].start[0] + n - 1;
      var mo = m[3] ? parseInt(m[3], 10) : 0;
      if (n < 1 || (m[3] && (mo < 1 || mo > 12))) { return { kind: 'invalid', text: '日付として正しくありません' }; }
      from = mo ? key(y, mo, 1) : key(y, 1, 1);
      to = mo ? key(y, mo, 31) : key(y, 12, 31);
      var r = eraRange(ei);
      if (to < r[0] || from >= r[1]) { return { kind: 'invalid', text: ERAS[ei].name + 'の期間外の日付です' }; }
      return { kind: 'seireki', text: mo ? y + '-' + pad2(mo) : String(y) };
    }
    m = RE_SEIREKI_PARTIAL.exec(s);
    if (m) {
      var yy = parseInt(m[1], 10);
      var mm = m[2] ? parseInt(m[2], 10) : 0;
      if (yy < 1000 || (m[2] && (mm < 1 || mm > 12))) { return { kind: 'invalid', text: '日付として正しくありません' }; }
      from = mm ? key(yy, mm, 1) : key(yy, 1, 1);
      to = mm ? key(yy, mm, 31) : key(yy, 12, 31);
      var names = [];
      for (i = ERAS.length - 1; i >= 0; i--) {
        var rr = eraRange(i);
        if (to >= rr[0] && from < rr[1]) { names.push(eraYear(i, yy) + (mm ? mm + '月' : '')); }
      }
      if (!names.length) { return { kind: 'invalid', text: '明治より前の日付は和暦に変換できません' }; }
      return { kind: 'wareki', text: names.join('／') };
    }
    return null;
  }

  // 入力文字列を解釈して、もう一方の暦を返す。
  //   { kind: 'seireki', text: '2025-04-01' }   和暦が入力されたとき
  //   { kind: 'wareki',  text: '令和7年4月1日' } 西暦が入力されたとき
  //   { kind: 'invalid', text: '…' }            形は合っているが日付として正しくないとき
  //   null                                       まだ日付の形になっていないとき
  // 年だけ（R7、1975）・年月だけ（S50.4、1975-04）も変換する。
  function convertDate(input) {
    var s = normalize(input);
    if (s === '' || /(^|\D)0$/.test(s)) { return null; } // 「2025-0」「R0」は入力の途中
    var m = RE_WAREKI.exec(s) || RE_WAREKI_COMPACT.exec(s);
    if (m) {
      var ei = findEra(m[1]);
      var n = m[2] === '元' ? 1 : parseInt(m[2], 10);
      var mo = parseInt(m[3], 10);
      var d = parseInt(m[4], 10);
      var era = ERAS[ei];
      var y = era.start[0] + n - 1;
      if (n < 1 || !isValidDate(y, mo, d)) {
        return { kind: 'invalid', text: '日付として正しくありません' };
      }
      var k = key(y, mo, d);
      var st = era.start;
      var next = ei > 0 ? ERAS[ei - 1].start : null;
      if (k < key(st[0], st[1], st[2]) || (next && k >= key(next[0], next[1], next[2]))) {
        return { kind: 'invalid', text: era.name + 'の期間外の日付です' };
      }
      return { kind: 'seireki', text: iso(y, mo, d) };
    }
    m = RE_SEIREKI.exec(s) || RE_SEIREKI_COMPACT.exec(s);
    if (m) {
      var yy = parseInt(m[1], 10);
      var mm = parseInt(m[2], 10);
      var dd = parseInt(m[3], 10);
      if (!isValidDate(yy, mm, dd)) {
        return { kind: 'invalid', text: '日付として正しくありません' };
      }
      var w = toWareki(yy, mm, dd);
      if (!w) { return { kind: 'invalid', text: '明治より前の日付は和暦に変換できません' }; }
      return { kind: 'wareki', text: w };
    }
    return convertPartial(s);
  }

  var api = { convertDate: convertDate, toWareki: toWareki, normalize: normalize };
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  root.kasane = api;

  if (typeof document === 'undefined') { return; }

  /* ---------- 画面の補助 ---------- */

  function setupWareki(input) {
    if (input.kasaneWareki || !input.id) { return; }
    input.kasaneWareki = true;
    var pid = input.id + '-preview';
    var out = document.getElementById(pid);
    if (!out) {
      out = document.createElement('span');
      out.id = pid;
      input.insertAdjacentElement('afterend', out);
    }
    out.classList.add('wareki-preview');
    out.setAttribute('role', 'status');
    out.setAttribute('aria-live', 'polite');
    var ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (ids.indexOf(pid) < 0) {
      ids.push(pid);
      input.setAttribute('aria-describedby', ids.join(' '));
    }
    var last = null;
    // サーバーの入力エラーが表示されている間は、同じ値について二重に誤りを示さない
    var serverError = document.getElementById(input.id + '-error');
    var shownValue = input.value;
    function update() {
      var r = convertDate(input.value);
      if (r && r.kind === 'invalid' && serverError && input.value === shownValue) { r = null; }
      var text = r ? r.text : '';
      if (text === last) { return; }
      last = text;
      out.textContent = text;
      if (r) { out.setAttribute('data-kind', r.kind); } else { out.removeAttribute('data-kind'); }
    }
    input.addEventListener('input', update);
    input.addEventListener('change', update);
    update();
  }

  function focusErrorSummary(scope) {
    var es = scope.matches && scope.matches('.error-summary') ? scope : scope.querySelector('.error-summary');
    if (!es) { return; }
    if (!es.hasAttribute('tabindex')) { es.setAttribute('tabindex', '-1'); }
    es.focus();
  }

  function enhance(scope) {
    var list = scope.querySelectorAll('input[data-wareki]');
    for (var i = 0; i < list.length; i++) { setupWareki(list[i]); }
    if (scope.matches && scope.matches('input[data-wareki]')) { setupWareki(scope); }
  }

  // 1. IME 変換中の Enter（変換の確定）で送信しない。
  //    Safari は確定の Enter を compositionend の後に isComposing=false, keyCode=229 で送るので、両方見る。
  var composing = false;
  document.addEventListener('compositionstart', function () { composing = true; }, true);
  document.addEventListener('compositionend', function () { composing = false; }, true);
  document.addEventListener('keydown', function (e) {
    var isEnter = e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter' || e.keyCode === 13;
    if (!isEnter) { return; }
    if (!(e.isComposing || e.keyCode === 229 || composing)) { return; }
    var t = e.target;
    if (!t || t.tagName === 'TEXTAREA' || t.isContentEditable) { return; }
    if (t.form || (t.closest && t.closest('form'))) { e.preventDefault(); }
  }, true);

  // 2. エラーのまとめの中のリンクは、入力欄そのものへフォーカスを移す（見出しが見える位置までスクロール）。
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('.error-summary a[href^="#"]') : null;
    if (!a) { return; }
    var target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (!target) { return; }
    var field = /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) ? target
      : target.querySelector('input:not([type="hidden"]), select, textarea');
    if (!field) { return; }
    e.preventDefault();
    var fs = field.closest('fieldset');
    var anchor = (fs && fs.querySelector('legend')) ||
      (field.id && document.querySelector('label[for="' + field.id.replace(/["\\]/g, '\\$&') + '"]')) || field;
    anchor.scrollIntoView({ block: 'start' });
    field.focus({ preventScroll: true });
  });

  // 4. 確認が必要な操作。window の捕捉段階で見るので、htmx より先に止められる。
  function ask(el) {
    var msg = el.getAttribute('data-confirm');
    return !msg || window.confirm(msg);
  }
  window.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-confirm]') : null;
    if (!el || el.tagName === 'FORM') { return; }
    if (!ask(el)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
  window.addEventListener('submit', function (e) {
    var f = e.target;
    if (!f.hasAttribute || !f.hasAttribute('data-confirm')) { return; }
    if (e.submitter && e.submitter.hasAttribute('data-confirm')) { return; } // ボタン側で確認済み
    if (!ask(f)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);

  // 印刷ボタン（data-print）: インラインスクリプトを使わずに印刷ダイアログを開く。
  window.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-print]') : null;
    if (el) { e.preventDefault(); window.print(); }
  });

  // htmx で差し込まれた部分にも同じ補助をかける。
  document.addEventListener('htmx:load', function (e) {
    var elt = e.detail && e.detail.elt;
    if (elt && elt.querySelectorAll) { enhance(elt); focusErrorSummary(elt); }
  });

  function init() {
    enhance(document);
    focusErrorSummary(document);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}(typeof window !== 'undefined' ? window : globalThis));

/*
 * helper g: 狭い画面で一覧の表をカードにするとき、各セルの前に列の見出しを出す。
 * 見出し行（thead）の文字をセルの data-label に写す（テンプレートで付けたものは変えない）。
 * JavaScript が動かないときは、見出しなしのカードになるだけで内容はすべて見える。
 */
(function () {
  'use strict';
  var DATE = /^(令和|平成|昭和|大正|明治)(\d+|元)年\d+月(\d+日)?( ?[（(]\d{4}[)）])?( \d{1,2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/;
  if (typeof document === 'undefined') { return; }
  function label(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll('table.table') : [];
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var heads = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1].cells : null;
      if (!heads) { continue; }
      var names = [];
      for (var h = 0; h < heads.length; h++) {
        var span = heads[h].colSpan || 1;
        for (var s = 0; s < span; s++) { names.push(heads[h].textContent.replace(/\s+/g, ' ').trim()); }
      }
      for (var b = 0; b < table.tBodies.length; b++) {
        var rows = table.tBodies[b].rows;
        for (var r = 0; r < rows.length; r++) {
          var col = 0;
          for (var c = 0; c < rows[r].cells.length; c++) {
            var cell = rows[r].cells[c];
            if (!cell.hasAttribute('data-label') && names[col] && (cell.colSpan || 1) === 1) {
              cell.setAttribute('data-label', names[col]);
            }
            // 日付だけのセルは1行に（「令和8年9月23日 (2026)」「2026-10-27 15:00」）
            var text = cell.textContent.trim();
            if (text.length <= 26 && DATE.test(text)) { cell.classList.add('date'); }
            col += cell.colSpan || 1;
          }
        }
      }
    }
  }
  document.addEventListener('htmx:load', function (e) { if (e.detail && e.detail.elt) { label(e.detail.elt); } });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { label(document); });
  } else {
    label(document);
  }
}());

/* ---------- helper a (issue 21): 入力を失わない・保存後の位置 ----------
 *  5. 入力中にログインの有効期限（無操作）が近づいたら知らせ、延長できるようにする
 *     （<body data-idle-seconds>、POST /session/extend）。
 *  6. ログイン後に戻した入力内容（#restored-notice）へ、保存後は保存した欄の見出しへフォーカスを移す。
 */
(function () {
  'use strict';
  if (typeof document === 'undefined' || !document.body) { return; }

  function focusTo(el) {
    if (!el) { return; }
    if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) { el.setAttribute('tabindex', '-1'); }
    el.focus();
    if (el.scrollIntoView) { el.scrollIntoView({ block: 'start' }); }
  }

  // 6a. 戻した入力内容: 最初に値の入った欄へ
  function focusRestored() {
    var note = document.getElementById('restored-notice');
    if (!note) { return false; }
    var names = (note.getAttribute('data-fields') || '').split(' ');
    var fields = document.querySelectorAll('form[method=post] textarea, form[method=post] input:not([type=hidden]), form[method=post] select');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (names.indexOf(f.name) >= 0 && f.value && f.type !== 'checkbox' && f.type !== 'radio') {
        var form = f.form;
        if (form && form.parentNode) { form.parentNode.insertBefore(note, form); }
        focusTo(note);
        return true;
      }
    }
    focusTo(note);
    return true;
  }

  // 6b. 保存後（?done=…#見出し）: 完了の知らせを見出しの下へ移し、見出しへフォーカス
  function focusSaved() {
    if (!location.hash || !/[?&]done=/.test(location.search)) { return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || document.querySelector('.error-summary')) { return; }
    var flash = document.querySelector('main > .notice--success[role=status]');
    if (flash && target.parentNode) { target.parentNode.insertBefore(flash, target.nextSibling); }
    focusTo(target);
  }

  // 5. 無操作の期限の前の知らせ
  var idle = Number(document.body.getAttribute('data-idle-seconds') || 0);
  var deadline = 0, typed = false, box = null, shown = false;
  var lead = Math.min(180, Math.floor(idle / 3)); // 期限の何秒前に知らせるか

  function restart() {
    deadline = Date.now() + idle * 1000;
    if (box) { box.hidden = true; }
    shown = false;
  }

  function ensureBox() {
    if (box) { return box; }
    box = document.createElement('div');
    box.className = 'notice notice--warning idle-warning';
    box.setAttribute('role', 'alert');
    box.id = 'idle-warning';
    var p = document.createElement('p');
    p.id = 'idle-warning-text';
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'button button--primary';
    b.textContent = 'ログインを延長する';
    b.addEventListener('click', extend);
    box.appendChild(p);
    box.appendChild(b);
    box.hidden = true;
    document.body.appendChild(box);
    return box;
  }

  function say(text, withButton) {
    ensureBox();
    box.querySelector('p').textContent = text;
    box.querySelector('button').hidden = !withButton;
    box.hidden = false;
  }

  function extend() {
    fetch('/session/extend', { method: 'POST', credentials: 'same-origin', redirect: 'manual' }).then(function (res) {
      if (res.status === 204) {
        restart();
        say('ログインを延長しました。', false);
        setTimeout(function () { if (!shown && box) { box.hidden = true; } }, 4000);
      } else {
        say('ログインの有効期限が切れています。このまま送信すると、ログインのあとで入力中の内容を戻します。', false);
      }
    }, function () {
      say('ログインを延長できませんでした。通信の状態を確かめてください。', true);
    });
  }

  function tick() {
    if (!typed) { return; }
    var left = deadline - Date.now();
    if (left <= 0) {
      say('ログインの有効期限が切れました。このまま送信すると、ログインのあとで入力中の内容を戻します。', false);
      shown = true;
    } else if (left <= lead * 1000 && !shown) {
      shown = true;
      var when = left < 90000 ? 'まもなく' : 'あと約' + Math.round(left / 60000) + '分で';
      say('入力中のまま操作がないため、' + when + 'ログインの有効期限が切れます。続けて入力するには「ログインを延長する」を押してください。', true);
    }
  }

  if (idle > 0) {
    restart();
    document.addEventListener('input', function (e) {
      var f = e.target && e.target.form;
      if (f && (f.getAttribute('method') || '').toLowerCase() === 'post') { typed = true; }
    }, true);
    document.addEventListener('htmx:afterRequest', restart);
    setInterval(tick, 10000);
  }

  function init() { if (!focusRestored()) { focusSaved(); } }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
