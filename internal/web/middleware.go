package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// chain applies middleware so that the first listed runs first.
func chain(h http.Handler, mws ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script, no eval, no external origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin") // only to kasane itself: the page a form came from (form_stash.go)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the access log, and stamps the
// server time of a GET or HEAD request on the response as it starts:
// "Server-Timing: app;dur=12.3" (milliseconds from the request's arrival to
// its headers; pages render into a buffer first, so that is the time of the
// whole page). Browsers show it in their developer tools; `kasane bench
// pages` reads it. Submissions (login, second factor, …) do not carry it,
// so that it tells nothing finer than the round trip about a password or
// code check.
type statusWriter struct {
	http.ResponseWriter
	status int
	start  time.Time
}

// stamp sets the status and the Server-Timing header once, before the
// headers go out.
func (w *statusWriter) stamp(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	if !w.start.IsZero() {
		ms := float64(time.Since(w.start).Microseconds()) / 1000
		w.Header().Set("Server-Timing", "app;dur="+strconv.FormatFloat(ms, 'f', 1, 64))
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.stamp(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.stamp(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs method, route pattern, status and duration: never the query
// string (it may hold a searched name) nor any body.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			sw.start = start
		}
		pattern := new(string)
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), patternKey, pattern)))
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "http",
			slog.String("method", r.Method), slog.String("route", *pattern),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", slog.String("route", r.Pattern), slog.Any("value", v), slog.String("stack", string(debug.Stack())))
				s.fail(w, r, casework.Errorf(casework.EINTERNAL, "internal"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limits bounds the headers, the body size and the time of every request:
// headers and URL over 64 KiB are refused (431). A body
// announced larger than the limit is refused before any work (413); one
// that turns out larger while being read stops at the limit (the handler
// reports it). The request's context ends after RequestTimeout: database
// calls then fail with EUNAVAILABLE, answered as 503 (problem+json on the
// API). The http.Server's own timeouts (server.go) bound the connection.
func (s *Server) limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headerSize(r) > headerLimit { // limits_header.go
			s.headersTooLarge(w, r)
			return
		}
		if r.ContentLength > s.cfg.BodyLimit {
			s.bodyTooLarge(w, r)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.BodyLimit)
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bodyTooLarge answers 413: problem+json on the API, a short page otherwise.
func (s *Server) bodyTooLarge(w http.ResponseWriter, r *http.Request) {
	msg := fmt.Sprintf("送信されたデータが大きすぎます（上限 %d KB）。", s.cfg.BodyLimit>>10)
	w.Header().Set("Connection", "close") // the unread body is not drained
	if isAPI(r) {
		writeProblem(w, Problem{Type: "about:blank", Title: "送信データが大きすぎます", Status: http.StatusRequestEntityTooLarge, Code: "too_large", Detail: msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	fmt.Fprintln(w, msg)
}

// clientAddr is the remote address (the proxy's header only when trusted).
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// fail answers with the error in the form the client expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	s.errorPage(w, r, err)
}

// crossOriginDenied answers a refused cross-origin request.
func (s *Server) crossOriginDenied() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, casework.Errorf(casework.EFORBIDDEN, "別のサイトからの送信は受け付けません。画面を開き直してから操作してください。"))
	})
}

const patternKey ctxKey = 2

// notePattern tells the access log which route pattern matched.
func notePattern(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := r.Context().Value(patternKey).(*string); ok {
			*p = r.Pattern
		}
		next.ServeHTTP(w, r)
	})
}
