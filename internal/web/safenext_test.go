package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// checkSafeNext asserts what a redirect target after login must be: a path
// of this server that no browser reads as another host.
func checkSafeNext(t *testing.T, in, got string) {
	t.Helper()
	if got != "/" && (len(got) < 2 || got[0] != '/' || got[1] == '/' || got[1] == '\\') {
		t.Fatalf("safeNext(%q) = %q: not a single-slash path", in, got)
	}
	if strings.IndexFunc(got, func(r rune) bool { return unicode.IsControl(r) || r == '\\' || unicode.IsSpace(r) }) >= 0 {
		t.Fatalf("safeNext(%q) = %q: control, space or backslash", in, got)
	}
	u, err := url.Parse(got)
	if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
		t.Fatalf("safeNext(%q) = %q: parses as %#v, %v", in, got, u, err)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "/",
		"/":                          "/",
		"/cases/abc?tab=contacts":    "/cases/abc?tab=contacts",
		"/persons?q=%E5%B1%B1":       "/persons?q=%E5%B1%B1",
		"/\t/evil.example":           "/",
		"/\n/evil.example":           "/",
		"/\r\n/evil.example":         "/",
		"//evil.example":             "/",
		"/\\evil.example":            "/",
		"/%2F/evil.example":          "/",
		"/%5Cevil.example":           "/",
		"/%09/evil.example":          "/",
		"https://evil.example/":      "/",
		"javascript:alert(1)":        "/",
		"/ /evil.example":            "/",
		"\\\\evil.example":           "/",
		"/cases/../..//evil":         "/",
		"/x\x00":                     "/",
		"/cases#frag":                "/cases#frag",
		"/\u3000/evil.example":       "/",
		"/a/%E3%81%82":               "/a/%E3%81%82",
		"/login?next=//evil.example": "/login?next=//evil.example",
	} {
		got := safeNext(in)
		if got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
		checkSafeNext(t, in, got)
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/cases", "/\t/evil.example", "//x", "/\\x", "/%2F/x", "http://x", "/a?b=c#d", "/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafeNext(t, in, safeNext(in))
	})
}
