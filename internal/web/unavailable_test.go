package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/config"
	"kasane/internal/web"
)

// TestUnavailableFormKept: a form sent while the database cannot answer (a
// failover) gets 503 with Retry-After and a page that asks to send it again
// later and keeps what was typed in hidden fields of a form with the same
// action, never the password. Nothing is saved.
func TestUnavailableFormKept(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	cfg := config.Default()
	cfg.InsecureCookies = true
	cfg.RequestTimeout = time.Nanosecond // every database call fails as unavailable
	s, err := web.New(cfg, e.db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	form := url.Values{"family_name": {"切替"}, "given_name": {"花子"}, "family_name_kana": {"キリカエ"}, "given_name_kana": {"ハナコ"},
		"birth_date": {"S60.1.1"}, "note": {`"<引用>"`}, "password": {"秘密のパスワード"}}
	req, _ := http.NewRequest("POST", srv.URL+"/persons?from=test", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: "kasane_session", Value: b.cookie})
	r := e.do(req)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	body := text(r.Body)
	for _, want := range []string{"しばらくしてからもう一度送信してください", "もう一度送信する", "パスワードとファイルは再送信されません"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q: %s", want, body)
		}
	}
	for _, want := range []string{`action="/persons?from=test"`, `name="family_name" value="切替"`, `name="given_name_kana" value="ハナコ"`,
		`name="note" value="&#34;&lt;引用&gt;&#34;"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(r.Body, "秘密のパスワード") || strings.Contains(r.Body, `name="password"`) {
		t.Error("the password is echoed into the page")
	}
	// nothing was saved
	if r := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("切替 花子"), e.token("worker"), nil); strings.Contains(r.Body, "花子") {
		t.Errorf("the person was saved: %s", r.Body)
	}
	// a page read gets the 503 page without a form to resend
	req, _ = http.NewRequest("GET", srv.URL+"/cases", nil)
	req.AddCookie(&http.Cookie{Name: "kasane_session", Value: b.cookie})
	if r := e.do(req); r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(text(r.Body), "一時的に利用できません") ||
		strings.Contains(r.Body, "もう一度送信する") {
		t.Errorf("GET page: %d %s", r.StatusCode, text(r.Body))
	}
}
