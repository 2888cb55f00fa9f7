package web

import (
	"fmt"
	"net/http"
)

// headerLimit bounds the request line and headers of a request (64 KiB).
// The http.Server reads up to hardHeaderLimit itself (beyond it Go answers
// a bare 431 and closes: nothing else can), so that a request between the
// two is refused here, as problem+json on the API.
const (
	headerLimit     = 64 << 10
	hardHeaderLimit = 1 << 20
)

// headerSize is about what the request line and headers took on the wire.
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + len(r.Host) + 16
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// headersTooLarge answers 431: problem+json on the API, a short page
// otherwise.
func (s *Server) headersTooLarge(w http.ResponseWriter, r *http.Request) {
	msg := fmt.Sprintf("要求のヘッダーまたは URL が大きすぎます（上限 %d KB）。", headerLimit>>10)
	w.Header().Set("Connection", "close")
	if isAPI(r) {
		writeProblem(w, Problem{Type: "about:blank", Title: "ヘッダーまたは URL が大きすぎます", Status: http.StatusRequestHeaderFieldsTooLarge, Code: "too_large", Detail: msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusRequestHeaderFieldsTooLarge)
	fmt.Fprintln(w, msg)
}
