package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// safeNext keeps redirects after login (and after the second factor) on
// this server: it returns next only when it is a plain path of this site
// and "/" otherwise. A browser reads a Location loosely (it drops TABs and
// newlines, takes "\" for "/", resolves dot segments), so anything that
// could turn into another host is refused rather than repaired:
// control characters, spaces, backslashes (raw or percent-encoded),
// invalid UTF-8, a scheme, an authority ("//"), or a path that decodes to
// one, and "." or ".." segments.
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

func localPath(next string) bool {
	if len(next) == 0 || next[0] != '/' || !utf8.ValidString(next) || strings.IndexFunc(next, unsafeRune) >= 0 {
		return false
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	p := u.Path // decoded: "/%2F/x" is "//x"
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.IndexFunc(p, unsafeRune) >= 0 {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

func unsafeRune(r rune) bool {
	return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError || !unicode.IsPrint(r) && r > 0x7f
}
