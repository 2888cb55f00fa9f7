package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestProxyWithoutTrustWarns: when requests arrive through a proxy on the
// same machine or network (X-Forwarded-For from a loopback or private
// peer) while KASANE_TRUST_PROXY is off, every user shares the proxy's
// address for login throttling: the log says so once and /healthz says so
// while it holds (still 200 and "ok" first, for monitors). A server
// listening on loopback only says it at start.
func TestProxyWithoutTrustWarns(t *testing.T) {
	e := newEnv(t)
	if !strings.Contains(e.logs.String(), "KASANE_TRUST_PROXY") {
		t.Errorf("no warning at start for a loopback listener: %s", e.logs.String())
	}
	if r := e.do(mustReq(t, "GET", e.srv.URL+"/healthz")); r.StatusCode != 200 || strings.Contains(r.Body, "KASANE_TRUST_PROXY") {
		t.Fatalf("healthz before any proxied request: %d %q", r.StatusCode, r.Body)
	}
	for range 2 {
		req := mustReq(t, "GET", e.srv.URL+"/login")
		req.Header.Set("X-Forwarded-For", "192.0.2.10")
		e.do(req)
	}
	r := e.do(mustReq(t, "GET", e.srv.URL+"/healthz"))
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "ok\n") || !strings.Contains(r.Body, "KASANE_TRUST_PROXY") {
		t.Fatalf("healthz after proxied requests: %d %q", r.StatusCode, r.Body)
	}
	if n := strings.Count(e.logs.String(), "X-Forwarded-For"); n != 1 {
		t.Fatalf("proxy warning logged %d times: %s", n, e.logs.String())
	}
}

func mustReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
