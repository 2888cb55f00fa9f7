package web

import (
	"net/http"
	"time"

	"kasane/internal/auth"
)

// loginGate is the login throttling of one attempt (the policies are in
// auth/throttle.go): per login identifier; per client address for wrong
// passwords on existing accounts, counted once per address and account
// pair; and per client address for identifiers that are no account, which
// only ever refuses an attempt that fails anyway.
type loginGate struct {
	acct, pair, addr, unknown string
	fails                     map[string][]time.Time
}

func (s *Server) loginGate(r *http.Request, email string, now time.Time) (*loginGate, error) {
	addr := s.clientAddr(r)
	g := &loginGate{
		acct:    auth.HashToken("acct:" + email), // also page_mfa.go, reauth.go
		pair:    auth.HashToken("pair:" + addr + "\x00" + email),
		addr:    auth.HashToken("addr:" + addr),
		unknown: auth.HashToken("addr-unknown:" + addr),
	}
	var since time.Time
	for _, th := range []auth.Throttle{auth.DefaultAccountThrottle, auth.DefaultAddressThrottle, auth.DefaultUnknownAddressThrottle} {
		if t := now.Add(-th.Window - th.Lockout); since.IsZero() || t.Before(since) {
			since = t
		}
	}
	var err error
	g.fails, err = s.db.LoginFailures(r.Context(), []string{g.acct, g.pair, g.addr, g.unknown}, since)
	return g, err
}

// refused reports whether the attempt is refused before its password is
// checked: the identifier's limit, or the address's for password spraying.
func (g *loginGate) refused(now time.Time) (bool, time.Duration) {
	if ok, wait := auth.DefaultAccountThrottle.Allowed(g.fails[g.acct], now); !ok {
		return true, wait
	}
	if ok, wait := auth.DefaultAddressThrottle.Allowed(g.fails[g.addr], now); !ok {
		return true, wait
	}
	return false, 0
}

// failsRefused reports whether a failed attempt is answered as refused
// (the address failed on many identifiers that are no account); a correct
// password goes through.
func (g *loginGate) failsRefused(now time.Time) (bool, time.Duration) {
	ok, wait := auth.DefaultUnknownAddressThrottle.Allowed(g.fails[g.unknown], now)
	return !ok, wait
}

// failureKeys are the keys a failed attempt counts against: the identifier
// always; for an existing account the address and account pair, and the
// address once per pair in the window; for an identifier that is no
// account, the address's unknown count.
func (g *loginGate) failureKeys(known bool, now time.Time) []string {
	keys := []string{g.acct}
	if !known {
		return append(keys, g.unknown)
	}
	keys = append(keys, g.pair)
	since := now.Add(-auth.DefaultAddressThrottle.Window)
	for _, at := range g.fails[g.pair] {
		if at.After(since) {
			return keys // this pair already counts against the address
		}
	}
	return append(keys, g.addr)
}
