package web

import (
	"net/http"
	"sort"
	"strings"
)

// retryAfterSeconds is the Retry-After of a 503: a PostgreSQL formation
// promotes its standby within about 30 seconds of losing the primary; most
// requests caught in the switch succeed a few seconds later.
const retryAfterSeconds = "5"

// unavailableData is the page of a request that failed because the database
// was unavailable (EUNAVAILABLE: a failover, a restart, a full disk). A form
// that was sent is kept as hidden fields in a form with the same action, so
// that the user can send it again without typing it anew. Nothing of it was
// saved: every action is one transaction.
type unavailableData struct {
	Detail  string
	Resend  bool
	Action  string
	Fields  []hiddenField
	Dropped bool // passwords or files were not kept
}

type hiddenField struct{ Name, Value string }

// notKept reports form fields never echoed back into a page: passwords and
// one-time codes.
func notKept(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"password", "passwd", "secret", "totp", "otp", "passcode"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// unavailablePage answers a page request with 503 and Retry-After.
func (s *Server) unavailablePage(w http.ResponseWriter, r *http.Request, pr Problem) {
	d := &unavailableData{Detail: pr.Detail}
	if r.Method == http.MethodPost {
		d.Resend, d.Action = true, r.URL.RequestURI()
		if r.PostForm == nil { // failed before the handler read the form
			_ = r.ParseMultipartForm(s.cfg.BodyLimit) // also parses a urlencoded body
		}
		vals := r.PostForm
		if r.MultipartForm != nil {
			vals = r.MultipartForm.Value
			d.Dropped = len(r.MultipartForm.File) > 0
		}
		names := make([]string, 0, len(vals))
		for k := range vals {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if notKept(k) {
				d.Dropped = true
				continue
			}
			for _, v := range vals[k] {
				d.Fields = append(d.Fields, hiddenField{k, v})
			}
		}
	}
	title := "一時的に利用できません"
	if d.Resend {
		title = "しばらくしてからもう一度送信してください"
	}
	w.Header().Set("Retry-After", retryAfterSeconds)
	s.render(w, r, http.StatusServiceUnavailable, "unavailable", &Page{Title: title, Data: d})
}
