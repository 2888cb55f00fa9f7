/*
 * webauthn.js — セキュリティキー（WebAuthn）の登録とログイン（フレームワークなし）
 * セキュリティキーを使う画面だけが <script src="…/webauthn.js" defer> で読み込む。
 * 厳しい CSP（インラインスクリプト・eval なし）で動く。
 *
 * <form data-webauthn="register|login" data-webauthn-options="{…}"> の送信を受けて、
 * サーバーが用意したオプション（JSON）で navigator.credentials.create / get を呼び、
 * キーの応答（JSON）を hidden の credential 欄に入れてから、フォームを普通に送信する。
 * 検証はすべてサーバーが行う。失敗したときは、ボタンの横（[data-webauthn-error]）に
 * 理由を表示してフォーカスを移す。
 */
(function () {
  'use strict';

  function toBuffer(s) {
    s = String(s).replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function toBase64url(buf) {
    if (!buf) { return null; }
    var bytes = new Uint8Array(buf);
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      var d = { type: c.type, id: toBuffer(c.id) };
      if (c.transports) { d.transports = c.transports; }
      return d;
    });
  }

  function creationOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    pk.user.id = toBuffer(pk.user.id);
    pk.excludeCredentials = descriptors(pk.excludeCredentials);
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    pk.allowCredentials = descriptors(pk.allowCredentials);
    return { publicKey: pk };
  }

  function common(c) {
    return {
      id: c.id,
      rawId: toBase64url(c.rawId),
      type: c.type,
      authenticatorAttachment: c.authenticatorAttachment || undefined,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {}
    };
  }

  function registrationJSON(c) {
    var j = common(c);
    j.response = {
      clientDataJSON: toBase64url(c.response.clientDataJSON),
      attestationObject: toBase64url(c.response.attestationObject),
      transports: c.response.getTransports ? c.response.getTransports() : []
    };
    return JSON.stringify(j);
  }

  function assertionJSON(c) {
    var j = common(c);
    j.response = {
      clientDataJSON: toBase64url(c.response.clientDataJSON),
      authenticatorData: toBase64url(c.response.authenticatorData),
      signature: toBase64url(c.response.signature),
      userHandle: toBase64url(c.response.userHandle)
    };
    return JSON.stringify(j);
  }

  function message(err, label) {
    var name = err && err.name;
    if (name === 'InvalidStateError') { return 'このセキュリティキーは既に登録されています。別のキーを使ってください。'; }
    if (name === 'NotAllowedError' || name === 'AbortError') {
      return 'セキュリティキーの操作が取り消されたか、時間切れになりました。もう一度「' + (label || '送信') + '」を押してください。';
    }
    if (name === 'SecurityError') { return 'このアドレスではセキュリティキーを使えません。システム管理者に kasane の公開 URL の設定を確認してもらってください。'; }
    return 'セキュリティキーを確認できませんでした。もう一度お試しください。';
  }

  function showError(form, text) {
    var p = form.querySelector('[data-webauthn-error]');
    var button = form.querySelector('button[type=submit]');
    if (p) {
      p.textContent = text;
      p.hidden = false;
    }
    if (button) {
      button.disabled = false;
      button.focus();
    }
  }

  function onSubmit(e) {
    var form = e.target;
    if (!form || !form.getAttribute || !form.getAttribute('data-webauthn')) { return; }
    var field = form.querySelector('input[name=credential]');
    if (!field || field.value) { return; } // the key has answered: send the form
    var name = form.querySelector('input[name=key_name]');
    if (name && !name.value.trim()) { return; } // the server says what is missing, beside the field
    e.preventDefault();
    if (!window.PublicKeyCredential || !navigator.credentials) {
      showError(form, 'このブラウザーはセキュリティキーに対応していません。最新の Microsoft Edge・Google Chrome・Firefox・Safari を使ってください。');
      return;
    }
    var options;
    try {
      options = JSON.parse(form.getAttribute('data-webauthn-options'));
    } catch (err) {
      showError(form, message(err));
      return;
    }
    var register = form.getAttribute('data-webauthn') === 'register';
    var button = form.querySelector('button[type=submit]');
    var label = button ? button.textContent : '';
    if (button) { button.disabled = true; }
    var p = form.querySelector('[data-webauthn-error]');
    if (p) { p.hidden = true; }
    var ask = register ? navigator.credentials.create(creationOptions(options)) : navigator.credentials.get(requestOptions(options));
    ask.then(function (cred) {
      field.value = register ? registrationJSON(cred) : assertionJSON(cred);
      if (button) { button.disabled = false; }
      form.submit();
    }, function (err) {
      showError(form, message(err, label));
    });
  }

  document.addEventListener('submit', onSubmit);
}());
