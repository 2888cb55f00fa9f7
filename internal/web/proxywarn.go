package web

import (
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
)

// Behind a reverse proxy without KASANE_TRUST_PROXY every request comes
// from the proxy's address, so the login throttle sees the whole office as
// one client (login_throttle.go keeps that from locking it out, but the
// address limits then mean little). The heuristic: a request that carries
// X-Forwarded-For, Forwarded or X-Real-IP from a loopback or private peer
// while the setting is off came through such a proxy. It is logged once
// and shown on /healthz; a server that listens on loopback only (reached
// through a proxy, or from the machine itself) says it at start.

const proxyWarning = "requests come through a proxy (X-Forwarded-For from a local peer) but KASANE_TRUST_PROXY is off: " +
	"every user shares the proxy's address for login throttling and the audit log; set KASANE_TRUST_PROXY=1 behind your own reverse proxy"

// proxyWatch remembers the first proxied request seen while trust is off.
type proxyWatch struct{ seen atomic.Pointer[string] }

// warnAtStart logs when the server listens on loopback only without trust
// in the proxy's header.
func (s *Server) warnAtStart() {
	if s.cfg.TrustProxy || s.cfg.Demo {
		return
	}
	host, _, err := net.SplitHostPort(s.cfg.Addr)
	if ip, perr := netip.ParseAddr(host); err == nil && (host == "localhost" || perr == nil && ip.IsLoopback()) {
		s.log.Warn("listening on loopback only with KASANE_TRUST_PROXY off: if a reverse proxy forwards to this address, "+
			"every user shares its address for login throttling and the audit log; set KASANE_TRUST_PROXY=1", slog.String("addr", s.cfg.Addr))
	}
}

// watchProxy notes the first request that came through a local proxy while
// KASANE_TRUST_PROXY is off.
func (s *Server) watchProxy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.TrustProxy && s.proxy.seen.Load() == nil && forwarded(r) {
			peer := s.clientAddr(r)
			if ip, err := netip.ParseAddr(peer); err == nil && (ip.IsLoopback() || ip.IsPrivate()) && s.proxy.seen.CompareAndSwap(nil, &peer) {
				s.log.Warn(proxyWarning, slog.String("peer", peer))
			}
		}
		next.ServeHTTP(w, r)
	})
}

func forwarded(r *http.Request) bool {
	return r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-IP") != ""
}

// healthWarnings are the lines /healthz adds after "ok".
func (s *Server) healthWarnings() []string {
	if p := s.proxy.seen.Load(); p != nil && !s.cfg.TrustProxy {
		return []string{"warning: " + proxyWarning + " (peer " + *p + ")"}
	}
	return nil
}
