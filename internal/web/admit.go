package web

import (
	"net/http"
	"runtime"
	"strings"
)

// admitPerCPU is how many requests per CPU are worked on at once (admit).
const admitPerCPU = 24

// admit bounds the requests worked on at once; the others wait their turn,
// first come first served, before their session is even checked.
//
// With a thousand users on two CPUs (issue 24), a burst put hundreds of
// requests in progress together: each took its turn on the CPUs with all the
// others, also while it held one of the few database connections, so every
// connection was held many times as long as its work and the requests
// behind it waited for it. Worked on a few at a time, each request finishes
// its work, and gives its connection back, in the time the work takes.
// Static files and the health check are not counted; a client that gives up
// while waiting is not served.
func (s *Server) admit(next http.Handler) http.Handler {
	slots := make(chan struct{}, admitPerCPU*runtime.GOMAXPROCS(0))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}
