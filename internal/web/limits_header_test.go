package web_test

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"kasane/internal/config"
	"kasane/internal/web"
)

// TestOversizeHeadersAnswerProblem: headers or a URL over the limit
// (64 KiB) answer 431 as problem+json on the API (a short Japanese text on
// pages), not Go's bare "431 Request Header Fields Too Large". The real
// http.Server of kasane is used, with its own settings.
func TestOversizeHeadersAnswerProblem(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cfg := config.Default()
	cfg.InsecureCookies = true
	s, err := web.New(cfg, e.db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer()
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	big := strings.Repeat("a", 100<<10)
	for _, c := range []struct {
		name, path, header string
		api                bool
	}{
		{"API header", "/api/v1/me", big, true},
		{"API URL", "/api/v1/persons?q=" + big, "", true},
		{"page URL", "/login?next=/" + big, "", false},
	} {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if !c.api {
			req.Header.Del("Authorization")
		}
		if c.header != "" {
			req.Header.Set("X-Big", c.header)
		}
		r := e.do(req)
		ct := r.Header.Get("Content-Type")
		if r.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("%s: %d", c.name, r.StatusCode)
			continue
		}
		if c.api && (!strings.HasPrefix(ct, "application/problem+json") || r.JSON(t)["code"] != "too_large") {
			t.Errorf("%s: %s %q", c.name, ct, r.Body)
		}
		if !c.api && !strings.Contains(r.Body, "大きすぎます") {
			t.Errorf("%s: %s %q", c.name, ct, r.Body)
		}
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-Small", strings.Repeat("a", 30<<10))
	if r := e.do(req); r.StatusCode != 200 {
		t.Fatalf("headers under the limit: %d", r.StatusCode)
	}
}
